import { randomBytes } from "node:crypto";
import { CALLBACK_PATH } from "@cognito-dashboard/local-dev";
import { getAuth, initOidcAuthMiddleware, oidcAuthMiddleware } from "@hono/oidc-auth";
import { Hono } from "hono";
import type { IdpInfo } from "../idp-tokens.ts";
import { ME_PATH } from "./no-auth.ts";

/** Its session cookie, renamed from its default `oidc-auth` into the app's cookie namespace. */
export const OIDC_AUTH_COOKIE = "cdash_bench_oidc";

/**
 * Scenario (c): `@hono/oidc-auth` in front of the same route, configured against the mock IdP.
 * Its session comes from a real sign-in through its own login flow (see the bench's login step).
 * @example const app = createOidcAuthApp(idp)
 */
export function createOidcAuthApp(idp: IdpInfo): Hono {
  pointIssuerAtMock(idp);
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

/**
 * It fetches discovery from the issuer URL, which for a Cognito-shaped issuer is
 * `https://cognito-idp.<region>.amazonaws.com/<pool>`: unreachable offline. This sends those
 * fetches to the mock, which serves the same document under `/<pool>/` (what a hosts-file entry
 * would do). Every other request goes out untouched; the discovery document itself then points
 * at the mock's own endpoints.
 */
function pointIssuerAtMock(idp: IdpInfo): void {
  const realFetch = globalThis.fetch;
  const prefix = `${idp.issuer}/`;
  globalThis.fetch = function fetchViaMock(input, init) {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(prefix)) return realFetch(input, init);
    const local = new URL(`/${idp.userPoolId}/${url.slice(prefix.length)}`, idp.url);
    return realFetch(local, init);
  };
}
