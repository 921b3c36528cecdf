export type {
  CognitoAuth,
  CognitoAuthVariables,
  OptionalCognitoAuthVariables,
} from "./auth-deps.ts";
export { type CognitoAuthOptionsInput, cognitoAuth } from "./cognito-auth.ts";
export type { CognitoUser } from "./cognito-user.ts";
export {
  CognitoAuthError,
  type CognitoAuthErrorCode,
  CognitoAuthOptionError,
  ERROR_CODES,
} from "./errors.ts";
export { callIdp, type IdpAnswer, type IdpRequest } from "./idp-call.ts";
export {
  type AuthorizationParams,
  type ClientSettings,
  type ClientSettingsProvider,
  type CognitoAuthCookies,
  type CognitoAuthOptions,
  type CognitoAuthRoutes,
  hostedUiOrigin,
  type LazyCognitoAuthOptions,
  type LoginDecision,
  userPoolRegion,
  validateClientSettings,
  validateCognitoAuthOptions,
} from "./options.ts";
export { requireAuth, requireGroup } from "./require-group.ts";
