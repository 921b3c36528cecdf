/**
 * Names shared by the infrastructure pieces. Pure functions and constants, no SST globals, so the
 * infrastructure test can import them too.
 */
import { createHash } from "node:crypto";

// The client's name (one pool per stage, so a fixed name is unique within its pool), the admins
// group and the variable that tells the function its client's name are shared with the app.
export {
  ADMINS_GROUP,
  APP_CLIENT_NAME as DASHBOARD_CLIENT_NAME,
  CLIENT_ID_ENV,
  CLIENT_NAME_ENV,
  HOSTED_UI_ENV,
} from "@cognito-dashboard/local-dev";

/** The stage whose resources are protected, retained and never run under `sst dev`. */
export const PROD_STAGE = "prod";

/** Words Cognito refuses anywhere in a prefix domain. */
const RESERVED_IN_PREFIX = /aws|amazon|cognito/g;

/**
 * Cognito prefix domains are global per region and may not contain "aws", "amazon" or "cognito";
 * app and stage alone would collide across accounts, so a short hash of the account id makes the
 * prefix unique without publishing the account id in a URL. The words are removed until none is
 * left: one pass would let them re-form ("aawsws" -> "aws"), and CreateUserPoolDomain refuses
 * the result half way through a deploy.
 * @example hostedUiPrefix("cognito-dashboard", "prod", "123456789012") // "dashboard-prod-5a1e3f0b"
 */
export function hostedUiPrefix(app: string, stage: string, accountId: string): string {
  const suffix = createHash("sha256").update(accountId).digest("hex").slice(0, 8);
  let base = `${app}-${stage}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  for (let before = ""; before !== base; ) {
    before = base;
    base = base.replace(RESERVED_IN_PREFIX, "");
  }
  base = base
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 63 - suffix.length - 1)
    .replace(/-$/, "");
  return base ? `${base}-${suffix}` : `dash-${suffix}`;
}
