import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import type { PublicJwk } from "./keys.ts";

/** The scopes a Cognito discovery document lists. */
const SCOPES_SUPPORTED = ["openid", "email", "phone", "profile"];

/**
 * Discovery and JWKS, at the root and under `/<userPoolId>/` (where Cognito's issuer serves them).
 * The document has exactly the fields of a real Cognito one; endpoint URLs point at this server,
 * while `issuer` stays the Cognito-shaped one that tokens carry.
 * @example provider.use(discoveryRoutes("us-east-1_LocalMock", issuer, jwks))
 */
export function discoveryRoutes(
  userPoolId: string,
  issuer: string,
  jwks: { keys: PublicJwk[] },
  /** Where the pool's hosted UI is on the mock's origin: "" (the root) or "/<poolId>". */
  base = "",
): KoaMiddleware {
  const discoveryPaths = new Set([
    "/.well-known/openid-configuration",
    `/${userPoolId}/.well-known/openid-configuration`,
  ]);
  const jwksPaths = new Set(["/.well-known/jwks.json", `/${userPoolId}/.well-known/jwks.json`]);
  return async function discovery(ctx: KoaContext, next: KoaNext): Promise<void> {
    const isDiscovery = discoveryPaths.has(ctx.path);
    if (!isDiscovery && !jwksPaths.has(ctx.path)) return next();
    if (ctx.method !== "GET" && ctx.method !== "HEAD") {
      ctx.status = 405;
      ctx.set("allow", "GET, HEAD");
      ctx.body = { error: "method_not_allowed" };
      return;
    }
    ctx.set("access-control-allow-origin", "*");
    ctx.set("cache-control", "public, max-age=60");
    if (!isDiscovery) {
      ctx.body = jwks;
      return;
    }
    // Endpoint URLs follow the address the client used, as oidc-provider's own URLs do.
    const host = ctx.get("host");
    if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host)) {
      ctx.status = 400;
      ctx.body = { error: "invalid_request" };
      return;
    }
    ctx.body = document(`http://${host}`, base, userPoolId, issuer);
  };
}

function document(
  origin: string,
  base: string,
  userPoolId: string,
  issuer: string,
): Record<string, unknown> {
  const hostedUi = `${origin}${base}`;
  return {
    authorization_endpoint: `${hostedUi}/oauth2/authorize`,
    end_session_endpoint: `${hostedUi}/logout`,
    id_token_signing_alg_values_supported: ["RS256"],
    issuer,
    jwks_uri: `${origin}/${userPoolId}/.well-known/jwks.json`,
    // Cognito also lists "token" (implicit flow); the mock implements only the code flow.
    response_types_supported: ["code"],
    revocation_endpoint: `${hostedUi}/oauth2/revoke`,
    scopes_supported: SCOPES_SUPPORTED,
    subject_types_supported: ["public"],
    token_endpoint: `${hostedUi}/oauth2/token`,
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    userinfo_endpoint: `${hostedUi}/oauth2/userInfo`,
  };
}
