import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import type { AppClient } from "./app-client.ts";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import type { RefreshTokenCodec } from "./refresh-tokens.ts";

/** Cognito's endpoints take one method each (plus HEAD for GET, and OPTIONS for CORS preflights). */
const METHODS: Record<string, string> = {
  "/oauth2/authorize": "GET",
  "/oauth2/token": "POST",
  "/oauth2/revoke": "POST",
};

/**
 * Adjusts oidc-provider's requests and answers where Cognito's differ:
 * - authorize: a missing `scope` means all of the client's scopes, unknown scopes are dropped
 *   silently; redirects are 302 (not 303) and carry no `iss` parameter.
 * - token: no `scope` in the answer; refresh tokens in Cognito's JWE form, and on refresh a new
 *   one only with rotation on; errors are just `{"error": …}` with status 400.
 * - revoke: errors are just `{"error": …}`.
 * `errorDetail` gives oidc-provider's internal reason for a failed grant (not in its answer).
 * @example provider.use(cognitoResponses((ctx) => details.get(ctx)))
 */
export function cognitoResponses(
  clientOf: (clientId: unknown) => AppClient | undefined,
  errorDetail: (ctx: KoaContext) => string | undefined,
  refreshTokens: RefreshTokenCodec,
): KoaMiddleware {
  return async function cognitoShape(ctx: KoaContext, next: KoaNext): Promise<void> {
    const allowed = METHODS[ctx.path];
    const passes =
      ctx.method === allowed ||
      ctx.method === "OPTIONS" ||
      (allowed === "GET" && ctx.method === "HEAD");
    if (allowed && !passes) {
      ctx.set("allow", allowed);
      if (allowed === "GET")
        return sendErrorPage(ctx, GENERIC_ERROR, `Use ${allowed} on ${ctx.path}.`, 405);
      ctx.status = 405;
      ctx.body = { error: "invalid_request" };
      return;
    }
    const client = ctx.path === "/oauth2/authorize" ? clientOf(ctx.query.client_id) : undefined;
    if (client && ctx.method === "GET") {
      const noScopeLeft = normaliseScope(ctx, client.scopes);
      const error =
        ctx.query.response_type === "token"
          ? "unauthorized_client"
          : noScopeLeft
            ? "invalid_scope"
            : undefined;
      if (error && redirectToApp(ctx, client, error)) return;
    }
    await next();
    if (ctx.status === 303) ctx.status = 302;
    const location = ctx.response.get("location");
    if (typeof location === "string" && /[?&#]iss=/.test(location)) {
      ctx.set("location", withoutIss(location));
    }
    if (ctx.path === "/oauth2/token") {
      const rotation = clientOf(ctx.oidc?.client?.clientId)?.refreshTokenRotation.enabled ?? false;
      await shapeTokenAnswer(ctx, errorDetail(ctx), refreshTokens, rotation);
    }
    if (ctx.path === "/oauth2/revoke") shapeError(ctx, 401);
  };
}

/** Narrows `scope` to the client's scopes; true when none of the requested ones is left. */
function normaliseScope(ctx: KoaContext, clientScopes: readonly string[]): boolean {
  const requested = typeof ctx.query.scope === "string" ? ctx.query.scope : undefined;
  const granted =
    requested === undefined
      ? clientScopes
      : requested.split(" ").filter((scope) => clientScopes.includes(scope));
  const scope = granted.join(" ");
  if (scope !== requested) setQuery(ctx, { ...ctx.query, scope });
  return granted.length === 0;
}

function setQuery(ctx: KoaContext, query: Record<string, string | string[] | undefined>): void {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      params.append(key, item);
    }
  }
  ctx.querystring = params.toString();
}

/**
 * Errors Cognito sends to the app where oidc-provider answers otherwise: the implicit flow on a
 * code-only client is `?error=unauthorized_client` in the query (oidc-provider:
 * `#error=unsupported_response_type` in the fragment), and a request with no scope the client
 * allows is `invalid_scope`. Only for the registered client and an exact callback URL; anything
 * else is left to oidc-provider's error pages. Returns whether it answered.
 */
function redirectToApp(ctx: KoaContext, client: AppClient, error: string): boolean {
  const redirectUri = ctx.query.redirect_uri;
  if (ctx.query.client_id !== client.clientId || typeof redirectUri !== "string") return false;
  if (!client.callbackUrls.includes(redirectUri)) return false;
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  if (typeof ctx.query.state === "string") url.searchParams.set("state", ctx.query.state);
  ctx.status = 302;
  ctx.redirect(url.toString());
  return true;
}

function withoutIss(location: string): string {
  const url = URL.parse(location);
  if (!url) return location;
  url.searchParams.delete("iss");
  if (url.hash.includes("iss=")) {
    const fragment = new URLSearchParams(url.hash.slice(1));
    fragment.delete("iss");
    url.hash = fragment.toString();
  }
  return url.toString();
}

async function shapeTokenAnswer(
  ctx: KoaContext,
  detail: string | undefined,
  refreshTokens: RefreshTokenCodec,
  rotation: boolean,
): Promise<void> {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== "object") return;
  if (ctx.status === 200) {
    delete body.scope;
    // Without rotation oidc-provider echoes the presented token; Cognito answers without one.
    if (ctx.oidc?.params?.grant_type === "refresh_token" && !rotation) delete body.refresh_token;
    const clientId = ctx.oidc?.client?.clientId;
    if (typeof body.refresh_token === "string" && clientId) {
      body.refresh_token = await refreshTokens.wrap(body.refresh_token, clientId);
    }
    return;
  }
  // Cognito answers a token request whose redirect_uri differs from the authorize one with
  // unauthorized_client (observed), where oidc-provider says invalid_grant; and a grant the
  // client does not have (client_credentials) with unauthorized_client too.
  const grantType = ctx.oidc?.body?.grant_type;
  if (
    detail?.includes("redirect_uri mismatch") ||
    (grantType === "client_credentials" && body.error === "unsupported_grant_type")
  ) {
    (body as { error?: string }).error = "unauthorized_client";
  }
  shapeError(ctx, 400);
}

function shapeError(ctx: KoaContext, invalidClientStatus: number): void {
  const body = ctx.body as { error?: unknown; error_description?: unknown } | undefined;
  if (ctx.status < 400 || !body || typeof body !== "object" || typeof body.error !== "string")
    return;
  const error = body.error;
  if (error === "invalid_client") {
    ctx.status = invalidClientStatus;
    ctx.remove("www-authenticate");
  }
  ctx.body = { error };
}
