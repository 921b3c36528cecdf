/**
 * Names shared by the infrastructure pieces. Pure functions and constants, no SST globals, so the
 * infrastructure test can import them too.
 */
import { createHash } from "node:crypto";

/**
 * The app client's name. The function finds its client by this name at cold start (the id cannot
 * be passed at deploy time: the client needs the function's URL first). One pool per stage, so a
 * fixed name is unique within its pool.
 */
export const DASHBOARD_CLIENT_NAME = "dashboard";

/** The group the dashboard's `/admin` page requires (`requireGroup("admins")` in the app). */
export const ADMINS_GROUP = "admins";

/** The plain environment variable that carries {@link DASHBOARD_CLIENT_NAME} to the function. */
export const CLIENT_NAME_ENV = "USER_POOL_CLIENT_NAME";

/**
 * Cognito prefix domains are global per region and may not contain "aws", "amazon" or "cognito";
 * app and stage alone would collide across accounts, so a short hash of the account id makes the
 * prefix unique without publishing the account id in a URL.
 * @example hostedUiPrefix("cognito-dashboard", "prod", "123456789012") // "dashboard-prod-5a1e3f0b"
 */
export function hostedUiPrefix(app: string, stage: string, accountId: string): string {
  const suffix = createHash("sha256").update(accountId).digest("hex").slice(0, 8);
  const base = `${app}-${stage}`
    .toLowerCase()
    .replace(/aws|amazon|cognito/g, "")
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 63 - suffix.length - 1)
    .replace(/-$/, "");
  return base ? `${base}-${suffix}` : `dash-${suffix}`;
}
