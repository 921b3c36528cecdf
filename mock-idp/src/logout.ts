import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import type { AppClient } from "./app-client.ts";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import type { MockProvider } from "./provider.ts";

/** Cognito's page text when logout_uri (or redirect_uri) is missing or not registered. */
export const MISSING_REDIRECT_URI = "Required String parameter 'redirect_uri' is not present";
/** Cognito's page text when client_id is missing. */
export const MISSING_CLIENT_ID = "Required String parameter 'client_id' is not present";

/**
 * `GET /logout` in Cognito's two forms: `client_id` + `logout_uri` (ends the hosted UI session and
 * redirects to logout_uri), or `client_id` + `redirect_uri` + `response_type` (ends it and shows
 * the sign-in page again). Anything not registered exactly gets an error page, never a redirect.
 * Tokens already issued stay valid, as in Cognito.
 * @example provider.use(logoutRoute(mock, (id) => pool.findClient(id), { base: "", cookiePrefix: "mockidp_" }))
 */
export function logoutRoute(
  mock: MockProvider,
  clientOf: (clientId: string) => AppClient | undefined,
  hostedUi: { base: string; cookiePrefix: string },
): KoaMiddleware {
  return async function logout(ctx: KoaContext, next: KoaNext): Promise<void> {
    if (ctx.path !== "/logout") return next();
    if (ctx.method !== "GET") {
      ctx.set("allow", "GET");
      return sendErrorPage(ctx, GENERIC_ERROR, "Use GET on /logout.", 405);
    }
    const clientId = single(ctx.query.client_id);
    if (!clientId) return sendErrorPage(ctx, MISSING_CLIENT_ID);
    const options = clientOf(clientId);
    if (!options) {
      return sendErrorPage(
        ctx,
        GENERIC_ERROR,
        "error=invalid_client: no app client has this client_id.",
      );
    }
    const logoutUri = single(ctx.query.logout_uri);
    const redirectUri = single(ctx.query.redirect_uri);
    let destination: string;
    if (logoutUri !== undefined) {
      if (!options.logoutUrls.includes(logoutUri)) {
        return sendErrorPage(
          ctx,
          MISSING_REDIRECT_URI,
          "logout_uri must be exactly one of the app client's sign-out URLs.",
        );
      }
      destination = logoutUri;
    } else if (redirectUri !== undefined && single(ctx.query.response_type)) {
      if (!options.callbackUrls.includes(redirectUri)) {
        return sendErrorPage(
          ctx,
          MISSING_REDIRECT_URI,
          "redirect_uri must be exactly one of the app client's callback URLs.",
        );
      }
      const query = new URLSearchParams();
      for (const name of ["client_id", "redirect_uri", "response_type", "scope", "state"]) {
        const value = single(ctx.query[name]);
        if (value !== undefined) query.set(name, value);
      }
      destination = `${hostedUi.base}/login?${query}`;
    } else {
      return sendErrorPage(ctx, MISSING_REDIRECT_URI);
    }
    await endSession(ctx, mock, hostedUi.cookiePrefix);
    ctx.set("cache-control", "no-store");
    ctx.status = 302;
    ctx.redirect(destination);
  };
}

async function endSession(ctx: KoaContext, mock: MockProvider, prefix: string): Promise<void> {
  const session = await mock.provider.Session.get(ctx);
  if (session.accountId) await session.destroy();
  for (const name of [`${prefix}session`, `${prefix}session.sig`]) {
    ctx.cookies.set(name, null, { path: "/", signed: false });
  }
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}
