import { randomBytes } from "node:crypto";
import {
  CognitoAuthOptionError,
  type CognitoAuthOptions,
  type LazyCognitoAuthOptions,
  validateCognitoAuthOptions,
} from "@cognito-dashboard/cognito-auth";
import { MOCK_IDP, mockJwksUri } from "@cognito-dashboard/local-dev";
import { configFromSst } from "./from-sst.ts";
import { ConfigError, parseSessionSecrets } from "./session-secrets.ts";

export { ConfigError };

/** Where the settings came from: shown at start-up and on the admin page. */
export type ConfigSource = "environment" | "sst" | "mock";

/** Everything the dashboard needs to run: the middleware's options plus where they came from. */
export interface DashboardConfig {
  /** Deployed (source "sst"), the app client's settings come later, through `clientSettings`. */
  auth: CognitoAuthOptions | LazyCognitoAuthOptions;
  source: ConfigSource;
  /** One line each, for the operator: printed at start-up, never containing a secret. */
  warnings: string[];
}

export interface ResolveConfigOptions {
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Defaults to the SST links and deploy-time variables; injectable for tests. */
  fromSst?: () => Promise<CognitoAuthOptions | LazyCognitoAuthOptions | undefined>;
  /** When false, having no settings at all is an error instead of the mock IdP (on AWS Lambda). */
  allowMock?: boolean;
}

/** The variables that switch the dashboard from the mock to a real user pool. */
const COGNITO_VARS = [
  "COGNITO_DOMAIN",
  "COGNITO_REGION",
  "COGNITO_USER_POOL_ID",
  "COGNITO_CLIENT_ID",
  "COGNITO_CLIENT_SECRET",
  "COGNITO_JWKS_URI",
] as const;

/**
 * The variable behind each middleware option. The rules live in the middleware: a bad value is
 * refused there, and its `err.option` is mapped to the variable to fix.
 */
const VARIABLE_OF_OPTION: Record<string, string> = {
  domain: "COGNITO_DOMAIN",
  "domain.prefix": "COGNITO_DOMAIN",
  "domain.region": "COGNITO_REGION",
  userPoolId: "COGNITO_USER_POOL_ID",
  clientId: "COGNITO_CLIENT_ID",
  clientSecret: "COGNITO_CLIENT_SECRET",
  jwksUri: "COGNITO_JWKS_URI",
  scopes: "COGNITO_SCOPES",
  sessionSecrets: "SESSION_SECRET",
  sessionTtlSeconds: "SESSION_TTL_SECONDS",
  baseUrl: "BASE_URL",
};
/** Deployed, the pool and the secret are SST links (the client's settings are checked on arrival). */
const SST_VARIABLE_OF_OPTION = {
  ...VARIABLE_OF_OPTION,
  userPoolId: "UserPool (SST link)",
  sessionSecrets: "SessionSecret (SST secret)",
  clientBinding: "USER_POOL_CLIENT_ID",
};
/** The mock's URL makes both of these. */
const MOCK_VARIABLE_OF_OPTION = {
  ...VARIABLE_OF_OPTION,
  domain: "MOCK_IDP_URL",
  jwksUri: "MOCK_IDP_URL",
};

/**
 * Resolves the dashboard's settings: the environment first, then the resources SST links to the
 * function, else the offline mock IdP's defaults. Throws a {@link ConfigError} naming the first bad
 * or missing setting; call it once per process (at cold start on Lambda).
 * @example const config = await resolveConfig(); // { auth, source: "mock", warnings: [...] }
 */
export async function resolveConfig(options: ResolveConfigOptions = {}): Promise<DashboardConfig> {
  const env = options.env ?? process.env;
  const fromSst = options.fromSst ?? configFromSst;
  const optional = optionalSettings(env);

  if (COGNITO_VARS.some((name) => isSet(env[name]))) {
    const cognito = cognitoFromEnv(env);
    const sessionSecrets = sessionSecretsFromEnv(env.SESSION_SECRET);
    if (!sessionSecrets) throw new ConfigError("SESSION_SECRET", "is required with COGNITO_*");
    const auth = { ...cognito, sessionSecrets, ...optional };
    checkOptions(auth, VARIABLE_OF_OPTION);
    return { auth, source: "environment", warnings: [] };
  }

  const sst = await fromSst();
  if (sst) {
    const auth = { ...sst, ...optional };
    checkOptions(auth, SST_VARIABLE_OF_OPTION);
    return { auth, source: "sst", warnings: [] };
  }

  if (options.allowMock === false) {
    throw new ConfigError(
      "COGNITO_DOMAIN",
      "no Cognito settings found (neither COGNITO_* variables nor SST-linked resources)",
    );
  }
  const mock = mockConfig(env, optional);
  checkOptions(mock.auth, MOCK_VARIABLE_OF_OPTION);
  return mock;
}

/** The middleware's own checks, with the variable to fix named instead of the option. */
function checkOptions(
  auth: CognitoAuthOptions | LazyCognitoAuthOptions,
  variables: Record<string, string>,
): void {
  try {
    validateCognitoAuthOptions(auth);
  } catch (err) {
    if (!(err instanceof CognitoAuthOptionError)) throw err;
    throw new ConfigError(variables[err.option] ?? err.option, err.problem);
  }
}

function mockConfig(
  env: Record<string, string | undefined>,
  optional: Partial<CognitoAuthOptions>,
): DashboardConfig {
  const warnings: string[] = [];
  const url = isSet(env.MOCK_IDP_URL)
    ? withoutTrailingSlash(env.MOCK_IDP_URL as string)
    : `http://localhost:${MOCK_IDP.port}`;
  let sessionSecrets = sessionSecretsFromEnv(env.SESSION_SECRET);
  if (!sessionSecrets) {
    sessionSecrets = [randomBytes(32).toString("base64url")];
    warnings.push(
      "SESSION_SECRET is not set: using a random one, so sessions end when this process stops.",
    );
  }
  return {
    auth: {
      domain: url,
      userPoolId: MOCK_IDP.userPoolId,
      clientId: MOCK_IDP.clientId,
      clientSecret: MOCK_IDP.clientSecret,
      jwksUri: mockJwksUri(url),
      sessionSecrets,
      ...optional,
    },
    source: "mock",
    warnings,
  };
}

function cognitoFromEnv(
  env: Record<string, string | undefined>,
): Pick<CognitoAuthOptions, "domain" | "userPoolId" | "clientId" | "clientSecret" | "jwksUri"> {
  const missing = ["COGNITO_DOMAIN", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID"].filter(
    (name) => !isSet(env[name]),
  );
  if (!isSet(env.COGNITO_CLIENT_SECRET)) missing.push("COGNITO_CLIENT_SECRET");
  if (missing.length > 0) {
    const [first, ...others] = missing as [string, ...string[]];
    const set = COGNITO_VARS.filter((name) => isSet(env[name]));
    throw new ConfigError(
      first,
      `is missing${others.length ? `, and so ${others.length > 1 ? "are" : "is"} ${listed(others)}` : ""}. ` +
        `${listed(set)} ${set.length > 1 ? "are" : "is"} set, so the dashboard signs in with Cognito ` +
        "and needs them all (or unset every COGNITO_* variable to use the mock IdP).",
    );
  }
  const rawDomain = (env.COGNITO_DOMAIN as string).trim();
  // A URL has a scheme; anything else is a prefix, which needs its region (checked by the
  // middleware, like every other format).
  const domain: CognitoAuthOptions["domain"] = /^[a-z][a-z0-9+.-]*:/i.test(rawDomain)
    ? withoutTrailingSlash(rawDomain)
    : { prefix: rawDomain, region: env.COGNITO_REGION?.trim() ?? "" };
  const userPoolId = (env.COGNITO_USER_POOL_ID as string).trim();
  const clientId = (env.COGNITO_CLIENT_ID as string).trim();
  // A public client is a deliberate choice, so it takes an explicit value, not an omission.
  const rawSecret = (env.COGNITO_CLIENT_SECRET as string).trim();
  const clientSecret = rawSecret === "none" ? null : rawSecret;
  const jwksUri = isSet(env.COGNITO_JWKS_URI) ? (env.COGNITO_JWKS_URI as string).trim() : undefined;
  return { domain, userPoolId, clientId, clientSecret, ...(jwksUri ? { jwksUri } : {}) };
}

/** Settings that apply whatever the source: BASE_URL, SESSION_TTL_SECONDS, COGNITO_SCOPES. */
function optionalSettings(env: Record<string, string | undefined>): Partial<CognitoAuthOptions> {
  const out: Partial<CognitoAuthOptions> = {};
  if (isSet(env.BASE_URL)) out.baseUrl = withoutTrailingSlash(env.BASE_URL as string);
  if (isSet(env.SESSION_TTL_SECONDS)) {
    const raw = (env.SESSION_TTL_SECONDS as string).trim();
    // "1h" is NaN, which the middleware refuses: seconds are whole numbers.
    out.sessionTtlSeconds = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  }
  if (isSet(env.COGNITO_SCOPES)) {
    out.scopes = (env.COGNITO_SCOPES as string).split(/[\s,]+/).filter(Boolean);
  }
  return out;
}

function sessionSecretsFromEnv(raw: string | undefined): string[] | undefined {
  if (!isSet(raw)) return undefined;
  return parseSessionSecrets(
    raw as string,
    "SESSION_SECRET",
    "generate one with: openssl rand -base64 32",
  );
}

function withoutTrailingSlash(raw: string): string {
  return raw.trim().replace(/\/$/, "");
}

/** "A", "A and B", "A, B and C". */
function listed(names: readonly string[]): string {
  return names.length > 1
    ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`
    : (names[0] ?? "");
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}
