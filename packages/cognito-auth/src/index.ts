import type { CognitoUser } from "./auth-deps.ts";

export type { CognitoUser } from "./auth-deps.ts";
export { cognitoAuth } from "./cognito-auth.ts";
export {
  CognitoAuthError,
  type CognitoAuthErrorCode,
  CognitoAuthOptionError,
  ERROR_CODES,
} from "./errors.ts";
export {
  type ClientSettings,
  type ClientSettingsProvider,
  type CognitoAuthOptions,
  type LazyCognitoAuthOptions,
  userPoolRegion,
  validateCognitoAuthOptions,
} from "./options.ts";
export { requireGroup } from "./require-group.ts";
/** How many opened session cookies one middleware keeps in memory (about 4 KB each at most). */
export { OPENED_CACHE_SIZE } from "./sealer.ts";

declare module "hono" {
  interface ContextVariableMap {
    user: CognitoUser;
    csrfToken: string;
  }
}
