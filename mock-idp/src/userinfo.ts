import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import type { AccessClaims } from "./access-token.ts";
import type { MockProvider } from "./provider.ts";

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
    const user = claims && grant ? mock.findUser(claims.sub) : undefined;
    if (!claims || !user) return refuse(ctx, 401, "invalid_token", BAD_TOKEN);
    if (!claims.scope.split(" ").includes("openid")) {
      return refuse(ctx, 401, "invalid_token", BAD_TOKEN);
    }
    // With `openid`, Cognito returns every attribute the app client may read.
    ctx.status = 200;
    ctx.body = {
      sub: user.sub,
      email_verified: String(user.emailVerified),
      email: user.email,
      name: user.name,
      ...user.attributes,
      username: user.sub,
    };
  };
}

function refuse(ctx: KoaContext, status: number, error: string, header: string): void {
  ctx.status = status;
  ctx.set("www-authenticate", header);
  ctx.body = { error, error_description: /error_description="([^"]+)"/.exec(header)?.[1] };
}
