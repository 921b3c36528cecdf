import { resolve } from "node:path";
import type { MockIdpOptions } from "./options.ts";

/**
 * Reads the mock's settings from environment variables; a bad value throws an Error naming it.
 * @example optionsFromEnv({ MOCK_IDP_PORT: "0" }).port // 0
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv): MockIdpOptions {
  const number = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
    return Number(raw);
  };
  const text = (name: string): string | undefined => env[name] || undefined;
  const list = (name: string): string[] | undefined =>
    text(name)
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    port: number("MOCK_IDP_PORT"),
    // `npm run` moves into mock-idp/; INIT_CWD is where the command was typed.
    usersFile:
      text("MOCK_IDP_USERS") &&
      resolve(env.INIT_CWD ?? process.cwd(), text("MOCK_IDP_USERS") as string),
    userPoolId: text("MOCK_IDP_USER_POOL_ID"),
    clientId: text("MOCK_IDP_CLIENT_ID"),
    clientSecret: text("MOCK_IDP_CLIENT_SECRET"),
    extraCallbackUrls: list("MOCK_IDP_EXTRA_CALLBACK_URLS"),
    extraLogoutUrls: list("MOCK_IDP_EXTRA_LOGOUT_URLS"),
    idTokenTtl: number("MOCK_IDP_ID_TOKEN_TTL"),
    accessTokenTtl: number("MOCK_IDP_ACCESS_TOKEN_TTL"),
    refreshTokenTtl: number("MOCK_IDP_REFRESH_TOKEN_TTL"),
    sessionTtl: number("MOCK_IDP_SESSION_TTL"),
    refreshTokenRotation: {
      enabled: flag("MOCK_IDP_REFRESH_TOKEN_ROTATION"),
      retryGracePeriodSeconds: number("MOCK_IDP_REFRESH_TOKEN_GRACE"),
    },
    federation: federation(
      text("MOCK_IDP_FEDERATED_PROVIDER"),
      list("MOCK_IDP_FEDERATED_IDENTIFIERS"),
    ),
    issuer: issuer(text("MOCK_IDP_ISSUER")),
    quiet: flag("MOCK_IDP_QUIET"),
    poolsFile:
      text("MOCK_IDP_POOLS") &&
      resolve(env.INIT_CWD ?? process.cwd(), text("MOCK_IDP_POOLS") as string),
  };

  function flag(name: string): boolean {
    const raw = env[name];
    if (raw === undefined || raw === "" || raw === "0" || raw === "false") return false;
    if (raw === "1" || raw === "true") return true;
    throw new Error(`${name} must be 1 or 0, got "${raw}"`);
  }
}

function federation(
  name: string | undefined,
  identifiers: string[] | undefined,
): MockIdpOptions["federation"] {
  if (name === "off") return null;
  return { providerName: name, identifiers };
}

function issuer(value: string | undefined): MockIdpOptions["issuer"] {
  if (value === undefined || value === "cognito" || value === "local") return value;
  throw new Error(`MOCK_IDP_ISSUER must be "cognito" or "local", got "${value}"`);
}
