import { randomBytes } from "node:crypto";
import type { CognitoAuthOptions, LazyCognitoAuthOptions } from "@cognito-dashboard/cognito-auth";
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

const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
// The pattern aws-jwt-verify accepts; anything else would only fail later, at the first login.
const USER_POOL_ID = /^[a-z]{2}(-gov)?-[a-z]+-\d_[a-zA-Z0-9]+$/;
const CLIENT_ID = /^[\w+]{1,128}$/;
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

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
    return {
      auth: { ...cognito, sessionSecrets, ...optional },
      source: "environment",
      warnings: [],
    };
  }

  const sst = await fromSst();
  if (sst) return { auth: { ...sst, ...optional }, source: "sst", warnings: [] };

  if (options.allowMock === false) {
    throw new ConfigError(
      "COGNITO_DOMAIN",
      "no Cognito settings found (neither COGNITO_* variables nor SST-linked resources)",
    );
  }
  return mockConfig(env, optional);
}

function mockConfig(
  env: Record<string, string | undefined>,
  optional: Partial<CognitoAuthOptions>,
): DashboardConfig {
  const warnings: string[] = [];
  const url = isSet(env.MOCK_IDP_URL)
    ? parseHttpUrl("MOCK_IDP_URL", env.MOCK_IDP_URL)
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
  let domain: CognitoAuthOptions["domain"];
  if (/^[a-z][a-z0-9+.-]*:/i.test(rawDomain)) {
    domain = parseHttpUrl("COGNITO_DOMAIN", rawDomain);
  } else {
    if (!DOMAIN_PREFIX.test(rawDomain)) {
      throw new ConfigError(
        "COGNITO_DOMAIN",
        "must be a full URL (https://auth.example.com) or a Cognito domain prefix (lowercase letters, digits and hyphens)",
      );
    }
    const region = env.COGNITO_REGION?.trim();
    if (!region) throw new ConfigError("COGNITO_REGION", "is required with a domain prefix");
    if (!REGION.test(region)) {
      throw new ConfigError("COGNITO_REGION", `"${region}" is not an AWS region (eu-west-1)`);
    }
    domain = { prefix: rawDomain, region };
  }
  const userPoolId = (env.COGNITO_USER_POOL_ID as string).trim();
  if (!USER_POOL_ID.test(userPoolId)) {
    throw new ConfigError("COGNITO_USER_POOL_ID", "must look like eu-west-1_AbC123");
  }
  const clientId = (env.COGNITO_CLIENT_ID as string).trim();
  if (!CLIENT_ID.test(clientId)) {
    throw new ConfigError(
      "COGNITO_CLIENT_ID",
      "must be the app client id: letters, digits, _ or + (1 to 128)",
    );
  }
  // A public client is a deliberate choice, so it takes an explicit value, not an omission.
  const rawSecret = (env.COGNITO_CLIENT_SECRET as string).trim();
  const clientSecret = rawSecret === "none" ? null : rawSecret;
  const jwksUri = isSet(env.COGNITO_JWKS_URI)
    ? parseHttpUrl("COGNITO_JWKS_URI", env.COGNITO_JWKS_URI, true)
    : undefined;
  return { domain, userPoolId, clientId, clientSecret, ...(jwksUri ? { jwksUri } : {}) };
}

/** Settings that apply whatever the source: BASE_URL, SESSION_TTL_SECONDS, COGNITO_SCOPES. */
function optionalSettings(env: Record<string, string | undefined>): Partial<CognitoAuthOptions> {
  const out: Partial<CognitoAuthOptions> = {};
  if (isSet(env.BASE_URL)) {
    const url = new URL(parseHttpUrl("BASE_URL", env.BASE_URL));
    if (url.pathname !== "/" || url.search || url.hash) {
      throw new ConfigError("BASE_URL", "must be an origin only (https://dashboard.example.com)");
    }
    out.baseUrl = url.origin;
  }
  if (isSet(env.SESSION_TTL_SECONDS)) {
    const raw = (env.SESSION_TTL_SECONDS as string).trim();
    const seconds = Number(raw);
    if (!/^\d+$/.test(raw) || seconds < 60) {
      throw new ConfigError(
        "SESSION_TTL_SECONDS",
        "must be a whole number of seconds, at least 60",
      );
    }
    out.sessionTtlSeconds = seconds;
  }
  if (isSet(env.COGNITO_SCOPES)) {
    const scopes = (env.COGNITO_SCOPES as string).split(/[\s,]+/).filter(Boolean);
    if (!scopes.includes("openid")) {
      throw new ConfigError("COGNITO_SCOPES", "must include openid (the ID token needs it)");
    }
    out.scopes = scopes;
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

/** Hosts where plain http is allowed: the mock IdP and local development. */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An https URL (http only on localhost), as the middleware requires, checked here so that the
 * message names the variable. Only `COGNITO_JWKS_URI` may have a path: the others are origins.
 */
function parseHttpUrl(setting: string, raw: string | undefined, allowPath = false): string {
  let url: URL;
  try {
    url = new URL((raw ?? "").trim());
  } catch {
    throw new ConfigError(setting, "is not a valid URL");
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
    throw new ConfigError(setting, "must be an https URL (http only on localhost)");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(setting, "must not contain credentials, a query or a fragment");
  }
  if (!allowPath && url.pathname !== "/") {
    throw new ConfigError(setting, "must be an origin, without a path (https://auth.example.com)");
  }
  return url.href.replace(/\/$/, "");
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
