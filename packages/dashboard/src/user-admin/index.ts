/**
 * User administration for scripts (`npm run create-user`): the operations module and the rules
 * it shares with the dashboard. The app itself never imports this file; its admin routes load
 * the SDK with `import()` (see admin-loader.ts).
 */
export { MOCK_CREDENTIALS, userAdminSettings } from "./admin-settings.ts";
export {
  CognitoUserAdmin,
  MAX_PAGE_SIZE,
  type PoolUser,
  type UserAdminSettings,
  type UserPage,
  userAdminFor,
} from "./cognito-user-admin.ts";
export { UserAdminError, type UserAdminErrorCode } from "./user-admin-error.ts";
