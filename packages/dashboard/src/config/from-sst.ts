import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";

/**
 * The plain environment variable with the app client's NAME, set on the function by
 * infra/dashboard.ts. The id cannot be set at deploy time (the client needs the function's URL),
 * so the function looks its client up by this name at cold start.
 */
export const CLIENT_NAME_ENV = "USER_POOL_CLIENT_NAME";

/**
 * Settings from the resources SST links to the function, or `undefined` when not running under
 * SST. PLACEHOLDER until the SST issue (#4) fills it in: it must not ship as is.
 */
export async function configFromSst(): Promise<CognitoAuthOptions | undefined> {
  return undefined;
}
