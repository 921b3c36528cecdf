import { randomBytes } from "node:crypto";
import type { CognitoAuthVariables } from "@cognito-dashboard/cognito-auth";
import { type CognitoAuthOptions, cognitoAuth } from "@cognito-dashboard/cognito-auth";
import { Hono } from "hono";
import type { IdpInfo } from "../idp-tokens.ts";
import { ME_PATH } from "./no-auth.ts";

/** What the middleware needs to know of an IdP (the mock, or the in-process fake hosted UI). */
type AuthIdp = Pick<IdpInfo, "url" | "userPoolId" | "clientId" | "clientSecret" | "jwksUri">;

/**
 * The middleware's options for the mock IdP the bench started.
 * @example cognitoAuth(authOptionsFor(idp))
 */
export function authOptionsFor(idp: AuthIdp): CognitoAuthOptions {
  return {
    domain: idp.url,
    userPoolId: idp.userPoolId,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    jwksUri: idp.jwksUri,
    sessionSecrets: [randomBytes(32).toString("base64url")],
  };
}

/**
 * Scenario (b): our middleware in front of the same route as (a), nothing else; (b-lean) the same
 * with `keepAccessToken: false`; the in-process and re-check benches with their own options.
 * @example const app = createCognitoAuthApp(idp, { keepAccessToken: false })
 */
export function createCognitoAuthApp(
  idp: AuthIdp,
  options: Partial<CognitoAuthOptions> = {},
): Hono<{ Variables: CognitoAuthVariables }> {
  const app = new Hono<{ Variables: CognitoAuthVariables }>();
  app.use(cognitoAuth({ ...authOptionsFor(idp), ...options }));
  app.get(ME_PATH, (c) => c.json(c.get("auth").user));
  // Where a login lands; the bench only reads its status.
  app.get("/", (c) => c.text(`Signed in as ${c.get("auth").user.email}`));
  return app;
}
