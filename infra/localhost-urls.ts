/** Pure (no SST globals): the infrastructure test calls it directly too. */
import { PROD_STAGE } from "./naming.ts";

/**
 * Whether this stage's client accepts the localhost callback and logout URLs. Never on prod (a
 * page on the user's own machine must not be able to receive prod's codes); on by default
 * elsewhere, off with `DASHBOARD_LOCALHOST_URLS=off` (in the environment or `.env.<stage>`).
 * @example allowsLocalhostUrls("alice", {}) // true
 */
export function allowsLocalhostUrls(
  stage: string,
  env: Record<string, string | undefined> = process.env,
): boolean {
  const raw = env.DASHBOARD_LOCALHOST_URLS?.trim().toLowerCase();
  if (raw !== undefined && raw !== "" && raw !== "on" && raw !== "off") {
    throw new Error(`DASHBOARD_LOCALHOST_URLS must be "on" or "off", not "${raw}"`);
  }
  if (stage === PROD_STAGE) {
    if (raw === "on") throw new Error(`DASHBOARD_LOCALHOST_URLS=on is refused on ${PROD_STAGE}`);
    return false;
  }
  return raw !== "off";
}
