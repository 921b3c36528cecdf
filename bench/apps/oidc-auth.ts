import { randomBytes } from "node:crypto";
import { CALLBACK_PATH } from "@cognito-dashboard/local-dev";
import { getAuth, initOidcAuthMiddleware, oidcAuthMiddleware } from "@hono/oidc-auth";
import { Hono } from "hono";
import type { IdpInfo } from "../idp-tokens.ts";
import { ME_PATH } from "./no-auth.ts";

/** Its session cookie, renamed from its default `oidc-auth` into the app's cookie namespace. */
export const OIDC_AUTH_COOKIE = "cdash_bench_oidc";

/**
 * Scenario (c): `@hono/oidc-auth` in front of the same route, configured against the mock IdP in
 * its local issuer mode (`http://localhost:<port>/<pool>`), where it finds discovery by itself.
 * Its session comes from a real sign-in through its own login flow (see the bench's login step).
 * @example const app = createOidcAuthApp(idp)
 */
export function createOidcAuthApp(idp: IdpInfo): Hono {
  const app = new Hono();
  app.use(
    "*",
    initOidcAuthMiddleware({
      OIDC_AUTH_SECRET: randomBytes(32).toString("base64"),
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_REDIRECT_URI: CALLBACK_PATH,
      OIDC_COOKIE_NAME: OIDC_AUTH_COOKIE,
      OIDC_SCOPES: "openid email profile",
    }),
  );
  app.use("*", oidcAuthMiddleware());
  app.get(ME_PATH, async (c) => c.json(await getAuth(c)));
  return app;
}
