import { CALLBACK_PATH, LOGIN_PATH, LOGOUT_PATH } from "@cognito-dashboard/local-dev";
import type { MiddlewareHandler } from "hono";
import type { AuthDeps } from "./auth-deps.ts";
import { handleCallback } from "./callback-route.ts";
import { CognitoAuthError } from "./errors.ts";
import { IdTokenVerifier } from "./id-token-verifier.ts";
import { handleLogin } from "./login-route.ts";
import { handleLogout } from "./logout-route.ts";
import { type CognitoAuthOptions, resolveOptions } from "./options.ts";
import { refusal } from "./pages.ts";
import { Renewals } from "./renewals.ts";
import { describeRequest, publicPathMatcher } from "./request-info.ts";
import { Sealer, sealerBinding } from "./sealer.ts";
import { guardSession } from "./session-guard.ts";
import { TokenClient } from "./token-client.ts";

/** Methods each route of the middleware answers. */
const ROUTES: Record<string, string[]> = {
  [LOGIN_PATH]: ["GET", "HEAD"],
  // GET only: a HEAD (a link checker, a preview bot) must not spend the one-time code.
  [CALLBACK_PATH]: ["GET"],
  [LOGOUT_PATH]: ["GET", "POST"],
};

/**
 * Protect every path of the app with Cognito hosted-UI login, except the login, callback and
 * logout routes (served here) and `publicPaths`. Options are validated now: a bad one throws an
 * `Error` naming it.
 * @example
 * app.use(cognitoAuth({ domain: "http://localhost:9500", userPoolId, clientId, clientSecret,
 *   sessionSecrets: [process.env.SESSION_SECRET] }));
 */
export const cognitoAuth = (options: CognitoAuthOptions): MiddlewareHandler => {
  const resolved = resolveOptions(options);
  const isPublic = publicPathMatcher(resolved.publicPaths);
  const verifier = new IdTokenVerifier(resolved);
  const tokens = new TokenClient(resolved);
  const deps: AuthDeps = {
    options: resolved,
    // Bound to the pool and the client: a cookie sealed by another pool, client or stage that
    // shares the secret does not open here.
    sealer: new Sealer(resolved.sessionSecrets, sealerBinding(resolved)),
    verifier,
    tokens,
    renewals: new Renewals(tokens, verifier),
  };
  return async function cognitoAuth(c, next) {
    const info = describeRequest(c, resolved);
    const path = c.req.path;
    const methods = ROUTES[path];
    if (methods !== undefined) {
      if (!methods.includes(c.req.method)) {
        throw refusal(new CognitoAuthError("method_not_allowed"), {
          api: info.api,
          headers: { allow: methods.join(", ") },
        });
      }
      if (path === LOGIN_PATH) return handleLogin(c, deps, info);
      if (path === CALLBACK_PATH) return handleCallback(c, deps, info);
      return handleLogout(c, deps, info);
    }
    if (isPublic(path)) return next();
    return guardSession(c, next, deps, info);
  };
};
