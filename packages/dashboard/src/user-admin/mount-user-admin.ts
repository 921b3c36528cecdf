/**
 * Puts user administration into the app without putting it on the cold path: `/admin/users` and
 * `/api/admin/users` are two catch-all routes whose handlers `import()` the pages, the JSON API
 * and, through them, the AWS SDK on first use. An ordinary request loads none of it; a request
 * from outside the admins group is refused (403) before anything is loaded.
 *
 * The loaded sub-app answers the request itself; the session's variables (`auth`, `user`, `csrfToken`)
 * are handed to it as its `env`, since a sub-app's context is its own.
 */
import {
  type CognitoAuthVariables,
  type CognitoUser,
  requireGroup,
} from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { USERS_PATH } from "../pages/layout.tsx";
import type { UserAdminSettings } from "./cognito-user-admin.ts";

/** Where the JSON API of user administration is. */
export const USERS_API_PATH = "/api/admin/users";

/** The signed-in session, as the outer app hands it to the lazily loaded sub-apps. */
export interface ForwardedSession {
  /** The middleware's context itself, so the library's guards work in the sub-apps too. */
  auth: CognitoAuthVariables["auth"];
  user: CognitoUser;
  csrfToken: string;
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
 * Mounts `/admin/users` and `/api/admin/users` on `app`, behind the admins group, loading their
 * code on first use.
 * @example mountUserAdmin(app, userAdminSettings(config.auth));
 */
export function mountUserAdmin(app: Hono, settings: UserAdminSettings): void {
  const pages = loadOnce(async () => (await import("./users-routes.tsx")).usersRoutes(settings));
  const api = loadOnce(async () => (await import("./users-api.ts")).usersApi(settings));
  for (const [base, load] of [
    [USERS_PATH, pages],
    [USERS_API_PATH, api],
  ] as const) {
    // Behind the required middleware: `auth` is always set here.
    const handler = async (c: Context<{ Variables: CognitoAuthVariables }>) => {
      const auth = c.get("auth");
      const session: ForwardedSession = { auth, user: auth.user, csrfToken: auth.csrfToken };
      return (await load()).fetch(c.req.raw, session);
    };
    app.all(base, requireGroup(ADMINS_GROUP), handler);
    app.all(`${base}/*`, requireGroup(ADMINS_GROUP), handler);
  }
}

/**
 * The sub-apps' first middleware: the forwarded session as context variables, so that their
 * handlers, guards and error pages read `c.get("user")` as everywhere else.
 * @example routes.use(forwardedSession);
 */
export const forwardedSession: MiddlewareHandler<UserAdminEnv> = async function forwardedSession(
  c,
  next,
) {
  if (c.env?.auth) c.set("auth", c.env.auth);
  if (c.env?.user) c.set("user", c.env.user);
  if (c.env?.csrfToken) c.set("csrfToken", c.env.csrfToken);
  await next();
};

/** A loader that runs once; a failed load is forgotten so that the next request tries again. */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (!loading) {
      loading = load();
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
}
