/**
 * Where user administration sends its Cognito calls, derived from the settings the dashboard
 * already has, so it needs no configuration of its own: the pool the login uses, in its region;
 * and, when the hosted UI is the offline mock (plain http on localhost, which the configuration
 * allows for nothing else), the mock's own port, which also serves the user-pool API.
 * This file loads no SDK: it is read on every admin request before the SDK is imported.
 */
import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";
import { MOCK_IDP, mockUserPoolApi } from "@cognito-dashboard/local-dev";
import type { UserAdminSettings } from "./cognito-user-admin.ts";

/**
 * What the SDK signs its calls to the mock with (the mock's own, from the shared names). The mock
 * wants signed requests, as AWS does, but checks no signature; a developer's real AWS keys have no
 * business there.
 */
export const MOCK_CREDENTIALS = MOCK_IDP.apiCredentials;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The user-administration settings for the dashboard's pool.
 * @example userAdminSettings({ domain: "http://localhost:9500", userPoolId: "us-east-1_LocalMock" })
 * // { userPoolId: "us-east-1_LocalMock", region: "us-east-1", endpoint: "http://localhost:9500", credentials: MOCK_CREDENTIALS }
 */
export function userAdminSettings(
  // Deployed, the hosted UI's domain arrives lazily (never the mock's): no `domain` here.
  auth: Pick<CognitoAuthOptions, "userPoolId"> & { domain?: CognitoAuthOptions["domain"] },
  env: Record<string, string | undefined> = process.env,
): UserAdminSettings {
  const settings: UserAdminSettings = { userPoolId: auth.userPoolId };
  const mock = auth.domain === undefined ? undefined : mockOrigin(auth.domain);
  // An explicit endpoint for the SDK (LocalStack, a proxy) wins; the SDK reads it itself.
  if (mock && !env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER && !env.AWS_ENDPOINT_URL) {
    return { ...settings, ...mockUserPoolApi(mock, auth.userPoolId) };
  }
  return settings;
}

function mockOrigin(domain: CognitoAuthOptions["domain"]): string | undefined {
  if (typeof domain !== "string") return undefined;
  try {
    const url = new URL(domain);
    return url.protocol === "http:" && LOOPBACK.has(url.hostname) ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
