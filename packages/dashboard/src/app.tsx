import {
  type ClientSettings,
  type CognitoAuthVariables,
  cognitoAuth,
  hostedUiOrigin,
  requireGroup,
} from "@cognito-dashboard/cognito-auth";
import {
  ADMINS_GROUP,
  CALLBACK_PATH,
  LOGIN_PATH,
  LOGOUT_PATH,
  SIGNED_OUT_PATH,
} from "@cognito-dashboard/local-dev";
import { type Handler, Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { API_PREFIX } from "./api-call.ts";
import type { DashboardConfig } from "./config/resolve-config.ts";
import { handleError, handleNotFound } from "./error-handler.tsx";
import { AdminPage, type SignInSummary } from "./pages/admin-page.tsx";
import { HomePage } from "./pages/home-page.tsx";
import { htmlDocument } from "./pages/layout.tsx";
import { SignedOutPage } from "./pages/signed-out-page.tsx";
import { CONTENT_SECURITY_POLICY } from "./security-headers.ts";
import { userAdminSettings } from "./user-admin/admin-settings.ts";
import { mountUserAdmin } from "./user-admin/mount-user-admin.ts";

/** What {@link createApp} needs: the middleware's options, and where they came from (for display). */
export type AppConfig = Pick<DashboardConfig, "auth"> & Partial<Pick<DashboardConfig, "source">>;

/**
 * The dashboard: pages, `/api/me`, user administration (`/admin/users`, `/api/admin/users`) and
 * `/healthz` (and `/healthz/sign-in`) behind the Cognito middleware.
 * @example serve({ fetch: createApp(await resolveConfig()).fetch, port: 3000 })
 */
export function createApp(config: AppConfig): Hono {
  const app = new Hono();

  app.use(secureHeaders({ contentSecurityPolicy: CONTENT_SECURITY_POLICY }));
  app.use(async function noStore(c, next) {
    await next();
    // Every page here is personal: the back button after logout must not show it from cache.
    // (The middleware's "private" keeps shared caches out, not the browser's own.)
    if (!(c.res.headers.get("cache-control") ?? "").includes("no-store")) {
      c.res.headers.set("Cache-Control", "private, no-store");
    }
  });

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // Public: whether the client settings can be had, as ok or a code (check-deploy asks it). Its
  // code loads on the first call, off the cold path (sign-in-health.ts's SIGN_IN_HEALTH_PATH).
  let signInHealth: Promise<Handler> | undefined;
  app.get("/healthz/sign-in", async (c, next) => {
    signInHealth ??= import("./sign-in-health.ts").then((m) => m.signInHealth(config.auth));
    return (await signInHealth)(c, next);
  });
  const authOptions = {
    ...config.auth,
    // The middleware and the app's error pages must agree on what an API call is.
    apiPrefix: API_PREFIX,
    // The paths registered on the app client, by the stack and by the mock alike.
    routes: {
      login: LOGIN_PATH,
      callback: CALLBACK_PATH,
      logout: LOGOUT_PATH,
      afterLogout: SIGNED_OUT_PATH,
    },
  };
  // Before the required middleware, so that it is public: the hosted UI's logout ends here. With
  // optional auth, a session still alive (another tab signed in again) is not called signed out.
  app.get(SIGNED_OUT_PATH, cognitoAuth({ ...authOptions, required: false }), (c) => {
    const auth = c.get("auth");
    return c.html(htmlDocument(<SignedOutPage user={auth?.user} csrfToken={auth?.csrfToken} />));
  });

  app.use(cognitoAuth(authOptions));

  // Behind the middleware: `auth` is always set here, and typed so.
  const pages = new Hono<{ Variables: CognitoAuthVariables }>();
  pages.get("/", (c) => {
    const { user, csrfToken } = c.get("auth");
    return c.html(htmlDocument(<HomePage user={user} csrfToken={csrfToken} />));
  });
  pages.get("/admin", requireGroup(ADMINS_GROUP), async (c) => {
    const { user, csrfToken } = c.get("auth");
    const summary = await signInSummary(config);
    return c.html(htmlDocument(<AdminPage user={user} csrfToken={csrfToken} summary={summary} />));
  });
  pages.get(`${API_PREFIX}/me`, (c) => {
    const { user, csrfToken } = c.get("auth");
    return c.json({
      sub: user.sub,
      username: user.username,
      email: user.email,
      name: user.name,
      groups: user.groups,
      sessionExpiresAt: new Date(user.sessionExpiresAt).toISOString(),
      // Same-origin scripts send it back as X-CSRF-Token on the API's POSTs and DELETEs.
      csrfToken,
    });
  });
  app.route("/", pages);
  // Pages, JSON API and AWS SDK are imported when an admin first uses them, never before.
  mountUserAdmin(app, userAdminSettings(config.auth));

  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

/**
 * Public facts about the sign-in setup. Deployed, the client's settings are the ones the
 * middleware already asked for (the viewer is signed in), so this costs no Cognito call.
 */
async function signInSummary(config: AppConfig): Promise<SignInSummary> {
  const auth = config.auth;
  const client: ClientSettings = "clientSettings" in auth ? await auth.clientSettings() : auth;
  return {
    source: config.source ?? "environment",
    hostedUi: hostedUiOrigin(client.domain),
    userPoolId: auth.userPoolId,
    clientId: client.clientId,
    clientType: client.clientSecret === null ? "public" : "confidential",
    sessionKeys: auth.sessionSecrets.length,
    sessionHours: Math.round(((auth.sessionTtlSeconds ?? 8 * 3600) / 3600) * 10) / 10,
  };
}
