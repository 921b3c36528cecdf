import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";

/**
 * Settings from the resources SST links to the function, or `undefined` when not running under
 * SST. PLACEHOLDER until the SST issue (#4) fills it in: it must not ship as is.
 */
export async function configFromSst(): Promise<CognitoAuthOptions | undefined> {
  return undefined;
}
