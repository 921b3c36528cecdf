/**
 * The one door to the AWS SDK for user administration: a dynamic `import()`, so that the SDK is
 * loaded (and, in a split bundle, fetched from its own chunk) only when an admin page runs,
 * never on the cold path of an ordinary request.
 */
import type { CognitoUserAdmin, UserAdminSettings } from "./cognito-user-admin.ts";

/**
 * The operations for `settings`, loading the SDK on first use.
 * @example const admin = await loadUserAdmin(settings); await admin.listUsers();
 */
export async function loadUserAdmin(settings: UserAdminSettings): Promise<CognitoUserAdmin> {
  const { userAdminFor } = await import("./cognito-user-admin.ts");
  return userAdminFor(settings);
}
