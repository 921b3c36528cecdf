/**
 * Puts user administration into the app without putting it on the cold path: `/admin/users` and
 * `/api/admin/users` are two catch-all routes whose handlers `import()` the pages, the JSON API
 * and, through them, the AWS SDK on first use. An ordinary request loads none of it; a request
 * from outside the admins group is refused (403) before anything is loaded.
 *
 * The loaded sub-app answers the request itself; the session (the middleware's `auth`) is handed
 * to it as its `env`, since a sub-app's context is its own.
 */
import { type CognitoAuthVariables, requireGroup } from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import type { Context, Hono } from "hono";
import { USERS_PATH } from "../pages/layout.tsx";
import type { UserAdminSettings } from "./cognito-user-admin.ts";
import { USERS_API_PATH } from "./user-admin-env.ts";

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
      return (await load()).fetch(c.req.raw, { auth: c.get("auth") });
    };
    app.all(base, requireGroup(ADMINS_GROUP), handler);
    app.all(`${base}/*`, requireGroup(ADMINS_GROUP), handler);
  }
}

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
