import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import { COGNITO_SCOPES } from "./provider.ts";

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
 * - token: no `scope` in the answer, no new refresh token on refresh; errors are just
 *   `{"error": …}` with status 400.
 * - revoke: errors are just `{"error": …}`.
 * `errorDetail` gives oidc-provider's internal reason for a failed grant (not in its answer).
 * @example provider.use(cognitoResponses((ctx) => details.get(ctx)))
 */
export function cognitoResponses(
  errorDetail: (ctx: KoaContext) => string | undefined,
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
    if (ctx.path === "/oauth2/authorize" && ctx.method === "GET") normaliseScope(ctx);
    await next();
    if (ctx.status === 303) ctx.status = 302;
    const location = ctx.response.get("location");
    if (typeof location === "string" && /[?&#]iss=/.test(location)) {
      ctx.set("location", withoutIss(location));
    }
    if (ctx.path === "/oauth2/token") shapeTokenAnswer(ctx, errorDetail(ctx));
    if (ctx.path === "/oauth2/revoke") shapeError(ctx, 401);
  };
}

function normaliseScope(ctx: KoaContext): void {
  const requested = typeof ctx.query.scope === "string" ? ctx.query.scope : undefined;
  const granted =
    requested === undefined
      ? COGNITO_SCOPES
      : requested.split(" ").filter((scope) => COGNITO_SCOPES.includes(scope));
  const scope = granted.join(" ");
  if (scope !== requested) setQuery(ctx, { ...ctx.query, scope });
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

function shapeTokenAnswer(ctx: KoaContext, detail: string | undefined): void {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== "object") return;
  if (ctx.status === 200) {
    delete body.scope;
    if (ctx.oidc?.params?.grant_type === "refresh_token") delete body.refresh_token;
    return;
  }
  // Cognito answers a token request whose redirect_uri differs from the authorize one with
  // unauthorized_client (observed), where oidc-provider says invalid_grant.
  if (detail?.includes("redirect_uri mismatch"))
    (body as { error?: string }).error = "unauthorized_client";
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
