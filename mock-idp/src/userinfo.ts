import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import type { AccessClaims } from "./access-token.ts";
import type { MockProvider } from "./provider.ts";
import type { PoolUser, UserPool } from "./user-pool.ts";

/** The attributes `profile` releases (the developer guide's userInfo page), plus `custom:*`. */
const PROFILE = [
  "name",
  "family_name",
  "given_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "updated_at",
];

const BAD_REQUEST =
  'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"';
const BAD_TOKEN =
  'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."';

/**
 * `GET|POST /oauth2/userInfo` with `Authorization: Bearer <access token>`. Served by the mock,
 * because oidc-provider's userinfo refuses access tokens that have an audience. Errors are
 * Cognito's: 400 or 401 with a `WWW-Authenticate` header (and the same in a JSON body).
 * @example provider.use(userInfoRoute(mock, verifyAccess))
 */
export function userInfoRoute(
  mock: MockProvider,
  pool: UserPool,
  verifyAccess: (token: string) => AccessClaims | undefined,
): KoaMiddleware {
  return async function userInfo(ctx: KoaContext, next: KoaNext): Promise<void> {
    if (ctx.path !== "/oauth2/userInfo") return next();
    ctx.set("cache-control", "no-store");
    ctx.set("access-control-allow-origin", "*");
    // The scheme is case-insensitive (RFC 9110 11.1); the token itself is not.
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(ctx.get("authorization"));
    if ((ctx.method !== "GET" && ctx.method !== "POST") || !match) {
      return refuse(ctx, 400, "invalid_request", BAD_REQUEST);
    }
    const claims = verifyAccess(match[1] as string);
    const grantId = claims && mock.grantOf(claims.origin_jti);
    // A revoked refresh token takes its grant, and so its access tokens, with it.
    const grant = grantId ? await mock.provider.Grant.find(grantId) : undefined;
    const user = claims && grant ? pool.bySub(claims.sub) : undefined;
    if (!claims || !user?.enabled) return refuse(ctx, 401, "invalid_token", BAD_TOKEN);
    const scopes = new Set(claims.scope.split(" "));
    if (!scopes.has("openid")) return refuse(ctx, 401, "invalid_token", BAD_TOKEN);
    ctx.status = 200;
    ctx.body = { ...releasedAttributes(user, scopes), username: user.username };
  };
}

/**
 * The attributes a token's scopes release, as the developer guide's userInfo page lists them:
 * `openid` alone releases every attribute; with `profile`, `email` or `phone`, only `sub` and
 * those scopes' attributes. Values are strings (`email_verified: "true"`).
 */
function releasedAttributes(user: PoolUser, scopes: Set<string>): Record<string, string> {
  const all = user.attributes;
  if (!scopes.has("profile") && !scopes.has("email") && !scopes.has("phone")) return { ...all };
  const names = new Set(["sub"]);
  if (scopes.has("profile")) {
    for (const name of PROFILE) names.add(name);
    for (const name of Object.keys(all)) if (name.startsWith("custom:")) names.add(name);
  }
  if (scopes.has("email")) for (const name of ["email", "email_verified"]) names.add(name);
  if (scopes.has("phone")) {
    for (const name of ["phone_number", "phone_number_verified"]) names.add(name);
  }
  return Object.fromEntries(Object.entries(all).filter(([name]) => names.has(name)));
}

function refuse(ctx: KoaContext, status: number, error: string, header: string): void {
  ctx.status = status;
  ctx.set("www-authenticate", header);
  ctx.body = { error, error_description: /error_description="([^"]+)"/.exec(header)?.[1] };
}
