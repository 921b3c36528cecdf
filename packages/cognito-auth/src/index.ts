import type { CognitoUser } from "./auth-deps.ts";

export type { CognitoUser } from "./auth-deps.ts";
export { cognitoAuth } from "./cognito-auth.ts";
export { CognitoAuthError, type CognitoAuthErrorCode, ERROR_CODES } from "./errors.ts";
export type { CognitoAuthOptions } from "./options.ts";
export { requireGroup } from "./require-group.ts";

declare module "hono" {
  interface ContextVariableMap {
    user: CognitoUser;
    csrfToken: string;
  }
}
