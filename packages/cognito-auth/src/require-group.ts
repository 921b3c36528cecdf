import type { MiddlewareHandler } from "hono";
import type { CognitoUser } from "./auth-deps.ts";
import { CognitoAuthError, CognitoAuthOptionError } from "./errors.ts";
import { refusal } from "./pages.ts";
import { recordedRequestInfo } from "./request-info.ts";

/**
 * Let only members of `group` through: others get a 403 page (JSON for API callers), never a
 * redirect, so there is no loop. Mount `cognitoAuth()` first.
 * @example app.get("/admin", requireGroup("admins"), (c) => c.text("hello admin"))
 */
export const requireGroup = (group: string): MiddlewareHandler => {
  if (typeof group !== "string" || group.trim() === "") {
    throw new CognitoAuthOptionError("group", "must be a non-empty group name");
  }
  return async function requireGroup(c, next) {
    const info = recordedRequestInfo(c);
    const user = c.get("user") as CognitoUser | undefined;
    if (user === undefined) {
      // cognitoAuth() did not run here (not mounted, or a public path): refuse, do not guess.
      throw refusal(new CognitoAuthError("unauthenticated"), { api: info.api, login: info.login });
    }
    if (!user.groups.includes(group)) {
      throw refusal(new CognitoAuthError("not_in_group"), { api: info.api, login: info.login });
    }
    await next();
  };
};
