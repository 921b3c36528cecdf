/**
 * What the lazily loaded sub-apps of user administration (pages and JSON API) share with
 * mount-user-admin.ts, which loads them: their Hono environment, the forwarded session, and the
 * API's path. Its own module, so that the sub-apps do not import the module that imports them.
 */
import type { CognitoAuthVariables } from "@cognito-dashboard/cognito-auth";
import type { Context, MiddlewareHandler } from "hono";
import type { Actor } from "./user-actions.ts";

/** Where the JSON API of user administration is. */
export const USERS_API_PATH = "/api/admin/users";

/**
 * The signed-in session, as the outer app hands it to the lazily loaded sub-apps: the middleware's
 * context itself, so the library's guards work there too.
 */
export interface ForwardedSession {
  auth: CognitoAuthVariables["auth"];
}

/** The Hono environment of the sub-apps. */
export interface UserAdminEnv {
  Bindings: Partial<ForwardedSession>;
  Variables: ForwardedSession;
}

/** A loaded sub-app: answers a request, given the session. */
export interface UserAdminApp {
  fetch(request: Request, session: ForwardedSession): Response | Promise<Response>;
}

/**
 * The sub-apps' first middleware: the forwarded session as the context variable `auth`, so that
 * their handlers, guards and error pages read `c.get("auth")` as everywhere else.
 * @example routes.use(forwardedSession);
 */
export const forwardedSession: MiddlewareHandler<UserAdminEnv> = async function forwardedSession(
  c,
  next,
) {
  if (c.env?.auth) c.set("auth", c.env.auth);
  await next();
};

/**
 * Who acts, for the checks on oneself and the log line.
 * @example const actor = actorOf(c); // { sub, username, email }
 */
export function actorOf(c: Context<UserAdminEnv>): Actor {
  const { sub, username, email } = c.get("auth").user;
  return { sub, username, email };
}
