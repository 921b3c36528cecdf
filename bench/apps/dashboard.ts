import { createApp } from "@cognito-dashboard/dashboard";
import type { Hono } from "hono";
import type { IdpInfo } from "../idp-tokens.ts";
import { authOptionsFor } from "./cognito-auth.ts";

/**
 * Scenario (b'), for information: the dashboard itself (secure headers, no-store, error pages,
 * the middleware), serving its own `/api/me`.
 * @example const app = createDashboardApp(idp)
 */
export function createDashboardApp(idp: IdpInfo): Hono {
  return createApp({ auth: authOptionsFor(idp), source: "mock" });
}
