import { fileURLToPath } from "node:url";
import {
  APP_CLIENT_SCOPES,
  localCallbackUrls,
  localLogoutUrls,
  MOCK_IDP,
  TOKEN_LIFETIMES,
} from "@cognito-dashboard/local-dev";
import {
  loadPoolsFile,
  POOL_ID,
  type PoolDeclaration,
  type PoolsFile,
  validatePools,
} from "./pools-file.ts";
import {
  type FederatedMockUser,
  loadUsersFile,
  type MockUser,
  type UserSeed,
  validateUsers,
} from "./users.ts";

/** Options of `startMockIdp`; every one has a default. */
export interface MockIdpOptions {
  /** Port on localhost; 0 picks a free one. Default `MOCK_IDP.port` (9500). */
  port?: number;
  /** Users given directly; wins over `usersFile`. */
  users?: (MockUser | FederatedMockUser)[];
  /** A users JSON file. Default `mock-idp/users.json`. */
  usersFile?: string;
  /** Default `MOCK_IDP.userPoolId`; must have the form `<region>_<id>`. */
  userPoolId?: string;
  /** Default `MOCK_IDP.clientId`. */
  clientId?: string;
  /** Default `MOCK_IDP.clientSecret`. */
  clientSecret?: string;
  /** Callback URLs registered in addition to `localCallbackUrls()` (e.g. a test app's port). */
  extraCallbackUrls?: string[];
  /** Logout URLs registered in addition to `localLogoutUrls()`. */
  extraLogoutUrls?: string[];
  /** ID token lifetime in seconds, 300 to 86400 as in Cognito. Default `TOKEN_LIFETIMES`. */
  idTokenTtl?: number;
  /** Access token lifetime in seconds, 300 to 86400. Default `TOKEN_LIFETIMES`. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds, 3600 to 10 years. Default `TOKEN_LIFETIMES`. */
  refreshTokenTtl?: number;
  /**
   * The app client's refresh-token rotation (Cognito's `RefreshTokenRotation`): off by default;
   * when on, each refresh returns a new refresh token and the old one stays usable for
   * `retryGracePeriodSeconds` (0 to 60, default 0).
   */
  refreshTokenRotation?: { enabled?: boolean; retryGracePeriodSeconds?: number };
  /**
   * The federated identity provider offered next to the pool's own users: a button on the
   * sign-in page, `identity_provider=<providerName>` or `idp_identifier=<identifier>` on
   * authorize. Default `{ providerName: "CorporateSSO", identifiers: ["corp.example"] }`;
   * `null` for none.
   */
  federation?: { providerName?: string; identifiers?: string[] } | null;
  /**
   * `"cognito"` (default): tokens carry Cognito's issuer, as aws-jwt-verify's CognitoJwtVerifier
   * requires. `"local"`: the issuer is the mock's own `http://localhost:<port>/<userPoolId>`, so
   * that any OIDC client finds discovery under it, unpatched.
   */
  issuer?: "cognito" | "local";
  /** Lifetime of the hosted UI's own session (silent re-login) in seconds. Default 3600. */
  sessionTtl?: number;
  /** No request log lines. Default false. */
  quiet?: boolean;
  /**
   * More pools, each with its own hosted UI at `/<poolId>`, issuer, keys, clients, groups and
   * users (the schema is in the README); given as data, it wins over `poolsFile`. None by default.
   */
  pools?: PoolsFile;
  /** A pools JSON file. */
  poolsFile?: string;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  port: number;
  /** The pool's own users from the users file (or option). */
  users: UserSeed[];
  /** The federated provider's users from the users file (empty without a provider). */
  federatedUsers: UserSeed[];
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  callbackUrls: string[];
  logoutUrls: string[];
  idTokenTtl: number;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  refreshTokenRotation: { enabled: boolean; retryGracePeriodSeconds: number };
  federation: { providerName: string; identifiers: string[] } | null;
  issuer: "cognito" | "local";
  /** The scopes the app client allows (`APP_CLIENT_SCOPES`, as the stack's client). */
  scopes: string[];
  sessionTtl: number;
  quiet: boolean;
  /** The pools besides the built-in one, validated. */
  pools: PoolDeclaration[];
}

/** The users file used when neither `users` nor `usersFile` is given. */
export const DEFAULT_USERS_FILE = fileURLToPath(new URL("../users.json", import.meta.url));

/** Cognito's ProviderName pattern (no spaces, no underscores); "COGNITO" is the pool itself. */
const PROVIDER_NAME = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u;
const IDP_IDENTIFIER = /^[\w\s+=.@-]{1,40}$/;

/** Cognito's ranges for token lifetimes, in seconds (API UserPoolClientType). */
export const LIFETIME_RANGES = {
  idTokenTtl: [300, 86_400],
  accessTokenTtl: [300, 86_400],
  refreshTokenTtl: [3600, 315_360_000],
} as const;

/** The federated provider a mock has unless told otherwise. */
export const DEFAULT_FEDERATION = {
  providerName: "CorporateSSO",
  identifiers: ["corp.example"],
} as const;

/**
 * Fills defaults and checks every option; a bad one throws a plain Error naming it.
 * @example resolveOptions({ port: 0 }).clientId // MOCK_IDP.clientId
 */
export function resolveOptions(options: MockIdpOptions = {}): ResolvedOptions {
  const port = options.port ?? MOCK_IDP.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`mock-idp: option "port" must be an integer from 0 to 65535, got ${port}`);
  }
  const userPoolId = options.userPoolId ?? MOCK_IDP.userPoolId;
  if (!POOL_ID.test(userPoolId)) {
    throw new Error(
      `mock-idp: option "userPoolId" must look like "us-east-1_Abc123", got "${userPoolId}"`,
    );
  }
  const clientId = options.clientId ?? MOCK_IDP.clientId;
  if (!/^[\w+]{1,128}$/.test(clientId)) {
    throw new Error('mock-idp: option "clientId" must be 1-128 letters, digits or underscores');
  }
  const clientSecret = options.clientSecret ?? MOCK_IDP.clientSecret;
  if (clientSecret.length < 8) {
    throw new Error('mock-idp: option "clientSecret" must have at least 8 characters');
  }
  const seeds = options.users
    ? validateUsers(options.users, 'option "users"')
    : loadUsersFile(options.usersFile ?? DEFAULT_USERS_FILE);
  const federation = resolveFederation(options.federation);
  const issuer = options.issuer ?? "cognito";
  if (issuer !== "cognito" && issuer !== "local") {
    throw new Error(`mock-idp: option "issuer" must be "cognito" or "local", got "${issuer}"`);
  }
  const pools = options.pools
    ? validatePools(options.pools, 'option "pools"')
    : options.poolsFile
      ? loadPoolsFile(options.poolsFile)
      : [];
  if (pools.some((p) => p.userPoolId === userPoolId)) {
    throw new Error(`mock-idp: the pools file declares the built-in pool ${userPoolId} again`);
  }
  return {
    port,
    users: seeds.filter((u) => !u.federated),
    federatedUsers: federation ? seeds.filter((u) => u.federated) : [],
    userPoolId,
    clientId,
    clientSecret,
    callbackUrls: unique([
      ...localCallbackUrls(),
      ...checkUrls("extraCallbackUrls", options.extraCallbackUrls),
    ]),
    logoutUrls: unique([
      ...localLogoutUrls(),
      ...checkUrls("extraLogoutUrls", options.extraLogoutUrls),
    ]),
    idTokenTtl: lifetime("idTokenTtl", options.idTokenTtl, TOKEN_LIFETIMES.idTokenSeconds),
    accessTokenTtl: lifetime(
      "accessTokenTtl",
      options.accessTokenTtl,
      TOKEN_LIFETIMES.accessTokenSeconds,
    ),
    refreshTokenTtl: lifetime(
      "refreshTokenTtl",
      options.refreshTokenTtl,
      TOKEN_LIFETIMES.refreshTokenSeconds,
    ),
    refreshTokenRotation: resolveRotation(options.refreshTokenRotation),
    federation,
    issuer,
    scopes: [...APP_CLIENT_SCOPES],
    sessionTtl: seconds("sessionTtl", options.sessionTtl, 3600),
    quiet: options.quiet ?? false,
    pools,
  };
}

function seconds(name: string, value: number | undefined, fallback: number): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < 1) {
    throw new Error(
      `mock-idp: option "${name}" must be a whole number of seconds >= 1, got ${value}`,
    );
  }
  return result;
}

function lifetime(
  name: keyof typeof LIFETIME_RANGES,
  value: number | undefined,
  fallback: number,
): number {
  const result = value ?? fallback;
  const [min, max] = LIFETIME_RANGES[name];
  if (!Number.isInteger(result) || result < min || result > max) {
    throw new Error(
      `mock-idp: option "${name}" must be a whole number of seconds from ${min} to ${max} (Cognito's range), got ${value}`,
    );
  }
  return result;
}

function resolveRotation(
  rotation: MockIdpOptions["refreshTokenRotation"],
): ResolvedOptions["refreshTokenRotation"] {
  const enabled = rotation?.enabled ?? false;
  const grace = rotation?.retryGracePeriodSeconds ?? 0;
  if (typeof enabled !== "boolean") {
    throw new Error('mock-idp: option "refreshTokenRotation.enabled" must be true or false');
  }
  if (!Number.isInteger(grace) || grace < 0 || grace > 60) {
    throw new Error(
      `mock-idp: option "refreshTokenRotation.retryGracePeriodSeconds" must be a whole number from 0 to 60, got ${grace}`,
    );
  }
  return { enabled, retryGracePeriodSeconds: grace };
}

function resolveFederation(
  federation: MockIdpOptions["federation"],
): ResolvedOptions["federation"] {
  if (federation === null) return null;
  const providerName = federation?.providerName ?? DEFAULT_FEDERATION.providerName;
  if (
    providerName.length > 32 ||
    !PROVIDER_NAME.test(providerName) ||
    providerName.toUpperCase() === "COGNITO"
  ) {
    throw new Error(
      `mock-idp: option "federation.providerName" must be 3-32 characters without spaces or underscores, and not COGNITO, got "${providerName}"`,
    );
  }
  const identifiers = federation?.identifiers ?? [...DEFAULT_FEDERATION.identifiers];
  for (const identifier of identifiers) {
    if (!IDP_IDENTIFIER.test(identifier)) {
      throw new Error(
        `mock-idp: option "federation.identifiers" has an invalid identifier "${identifier}"`,
      );
    }
  }
  return { providerName, identifiers };
}

function checkUrls(name: string, urls: string[] | undefined): string[] {
  for (const url of urls ?? []) {
    const parsed = URL.parse(url);
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.hash) {
      throw new Error(`mock-idp: option "${name}" has an invalid URL "${url}"`);
    }
  }
  return urls ?? [];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
