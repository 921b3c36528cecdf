import type { MiddlewareHandler } from "hono";
import type { CognitoAuth, OptionalCognitoAuthVariables } from "./auth-deps.ts";
import { CognitoAuthError, CognitoAuthOptionError } from "./errors.ts";
import { refusal } from "./pages.ts";
import { recordedRequestInfo } from "./request-info.ts";
import { unauthenticated } from "./session-guard.ts";

/**
 * For a route behind `cognitoAuth({ required: false })`: a request without a session gets what
 * the required mode gives (a 302 to the login for pages, 401 JSON for API callers); one with a
 * session goes on, with `c.get("auth")` typed as present.
 * @example app.get("/reports", requireAuth(), (c) => c.text(c.get("auth").user.email))
 */
export const requireAuth = (): MiddlewareHandler<{ Variables: { auth: CognitoAuth } }> =>
  async function requireAuth(c, next) {
    const auth = (c as unknown as { get(key: "auth"): CognitoAuth | undefined }).get("auth");
    if (auth === undefined) return unauthenticated(c, recordedRequestInfo(c), []);
    await next();
    return undefined;
  };

/**
 * Let only members of `group` through: others get a 403 page (JSON for API callers), never a
 * redirect, so there is no loop. Mount `cognitoAuth()` first.
 * @example app.get("/admin", requireGroup("admins"), (c) => c.text("hello admin"))
 */
export const requireGroup = (
  group: string,
): MiddlewareHandler<{ Variables: OptionalCognitoAuthVariables }> => {
  if (typeof group !== "string" || group.trim() === "") {
    throw new CognitoAuthOptionError("group", "must be a non-empty group name");
  }
  return async function requireGroup(c, next) {
    const auth = c.get("auth");
    if (auth === undefined || !auth.user.groups.includes(group)) {
      // Without auth, cognitoAuth() did not run here (not mounted, or a public path): refuse, do
      // not guess. The request is described only now: a member passes without that work.
      const info = recordedRequestInfo(c);
      const code = auth === undefined ? "unauthenticated" : "not_in_group";
      throw refusal(new CognitoAuthError(code), { api: info.api, login: info.login });
    }
    await next();
  };
};
