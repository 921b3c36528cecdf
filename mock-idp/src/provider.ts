import { randomUUID } from "node:crypto";
import { cognitoIssuer } from "@cognito-dashboard/local-dev";
import Provider, { type AccessTokenLike, type KoaContext } from "oidc-provider";
import { renderAuthorizeError } from "./error-pages.ts";
import type { MockKeys } from "./keys.ts";
import { createMemoryStore } from "./memory-store.ts";
import type { ResolvedOptions } from "./options.ts";
import { type PoolUser, uuidFrom } from "./users.ts";

/** The scopes Cognito reserves; the app client is allowed all of them. */
export const COGNITO_SCOPES = [
  "openid",
  "email",
  "phone",
  "profile",
  "aws.cognito.signin.user.admin",
];

/**
 * oidc-provider issues JWT access tokens only for a resource server. This one stands for "the
 * user pool"; its value never shows, because the mock hides the access token's `aud` (Cognito's
 * access tokens have none).
 */
const POOL_RESOURCE = "urn:mock-idp:user-pool";

/** Claims of a token that stay the same across refreshes of one sign-in. */
export function signInIds(grantId: string): { origin_jti: string; event_id: string } {
  return { origin_jti: uuidFrom(`origin:${grantId}`), event_id: uuidFrom(`event:${grantId}`) };
}

/** What the mock's own routes need from the provider. */
export interface MockProvider {
  provider: Provider;
  /** Maps `origin_jti` to the grant, so a revoked refresh token also disables its access tokens. */
  grantOf(originJti: string): string | undefined;
  findUser(sub: string): PoolUser | undefined;
  clear(): void;
}

/**
 * Builds the oidc-provider instance, with every default that differs from Cognito changed: paths,
 * claims, JWT access tokens without `aud`, code lifetime, refresh tokens without offline_access,
 * optional PKCE, cookie names, error pages.
 * @example const { provider } = createProvider(options, keys)
 */
export function createProvider(options: ResolvedOptions, keys: MockKeys): MockProvider {
  const store = createMemoryStore();
  const usersBySub = new Map(options.users.map((u) => [u.sub, u]));
  const grantsByOrigin = new Map<string, string>();
  const attributeNames = new Set(options.users.flatMap((u) => Object.keys(u.attributes)));

  const provider = new Provider(cognitoIssuer(options.userPoolId), {
    adapter: (model: string) => store.adapterFor(model),
    jwks: { keys: [keys.idToken, keys.accessToken] },
    cookies: {
      names: {
        session: "mockidp_session",
        interaction: "mockidp_interaction",
        resume: "mockidp_interaction_resume",
      },
      keys: keys.cookieKeys,
    },
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        client_name: "dashboard",
        redirect_uris: options.callbackUrls,
        post_logout_redirect_uris: options.logoutUrls,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "RS256",
      },
    ],
    routes: {
      authorization: "/oauth2/authorize",
      token: "/oauth2/token",
      revocation: "/oauth2/revoke",
      jwks: `/${options.userPoolId}/.well-known/jwks.json`,
      // Served by the mock itself (see userinfo.ts, logout.ts); these paths are never reached.
      userinfo: "/oidc-provider/userinfo",
      end_session: "/oidc-provider/session/end",
    },
    responseTypes: ["code"],
    scopes: COGNITO_SCOPES,
    claims: {
      openid: [
        "sub",
        "cognito:username",
        "cognito:groups",
        "email",
        "email_verified",
        "name",
        "token_use",
        "auth_time",
        "origin_jti",
        "event_id",
        "jti",
        ...attributeNames,
      ],
    },
    // oidc-provider would keep email/name out of ID tokens that come with an access token.
    conformIdTokenClaims: false,
    pkce: { required: () => false },
    ttl: {
      AuthorizationCode: 300,
      IdToken: options.idTokenTtl,
      AccessToken: options.accessTokenTtl,
      RefreshToken: options.refreshTokenTtl,
      Grant: options.refreshTokenTtl,
      Session: options.sessionTtl,
      Interaction: 3600,
    },
    // Cognito issues a refresh token on every code exchange and does not rotate it; signing out
    // of the hosted UI leaves tokens valid.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: false,
    expiresWithSession: async () => false,
    interactions: {
      url: async (ctx: KoaContext, interaction: { params: Record<string, unknown> }) =>
        `/login?${ctx.oidc?.route === "authorization" ? ctx.querystring : queryOf(interaction.params)}`,
    },
    // Each sign-in (or silent re-authorize) gets its own grant with the scopes it asked for, so
    // revoking one refresh token ends only that sign-in, and no consent screen ever shows.
    loadExistingGrant: async (ctx: KoaContext) => {
      const oidc = ctx.oidc;
      const accountId = oidc?.session?.accountId;
      if (!oidc?.client || !accountId) return undefined;
      const grant = new provider.Grant({ clientId: oidc.client.clientId, accountId });
      const scope = [...oidc.requestParamScopes].join(" ");
      grant.addOIDCScope(scope);
      grant.addResourceScope(POOL_RESOURCE, scope);
      await grant.save();
      return grant;
    },
    // `auth_time` comes from the code or refresh token here: the client setting
    // `require_auth_time` would make oidc-provider refuse sign-ins without `openid`.
    findAccount: async (
      _ctx: KoaContext,
      sub: string,
      token?: { grantId?: string; authTime?: number },
    ) => {
      const user = usersBySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          ...idTokenClaims(user),
          ...(token?.grantId ? signInIds(token.grantId) : {}),
          ...(token?.authTime ? { auth_time: token.authTime } : {}),
          jti: randomUUID(),
        }),
      };
    },
    extraTokenClaims: async (ctx: KoaContext, token: AccessTokenLike) => {
      const user = token.accountId ? usersBySub.get(token.accountId) : undefined;
      if (token.kind !== "AccessToken" || !user || !token.grantId) return undefined;
      const ids = signInIds(token.grantId);
      grantsByOrigin.set(ids.origin_jti, token.grantId);
      const entities = ctx.oidc?.entities ?? {};
      const authTime = entities.AuthorizationCode?.authTime ?? entities.RefreshToken?.authTime;
      return {
        token_use: "access",
        auth_time: authTime,
        ...ids,
        username: user.sub,
        ...(user.groups.length > 0 ? { "cognito:groups": user.groups } : {}),
        version: 2,
      };
    },
    formats: {
      customizers: {
        jwt: async (_ctx: unknown, _token: unknown, jwt: { header?: object; payload: object }) => {
          // Cognito's header is just {kid, alg}.
          jwt.header = { typ: undefined };
          // oidc-provider refuses to sign an access token without `aud`; a non-enumerable `aud`
          // passes that check but is left out of the JSON that gets signed.
          const { aud } = jwt.payload as { aud?: unknown };
          Object.defineProperty(jwt.payload, "aud", {
            value: aud,
            enumerable: false,
            writable: true,
          });
        },
      },
    },
    renderError: renderAuthorizeError,
    // Browsers may call the token and revoke endpoints from the app's own origins only.
    clientBasedCORS: (_ctx: unknown, origin: string, client: { redirectUris: string[] }) =>
      client.redirectUris.some((uri) => URL.parse(uri)?.origin === origin),
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      revocation: {
        enabled: true,
        allowedPolicy: async (
          _ctx: unknown,
          client: { clientId: string },
          token: { clientId?: string },
        ) => token.clientId === client.clientId,
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => POOL_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({
          scope: COGNITO_SCOPES.join(" "),
          audience: options.clientId,
          accessTokenFormat: "jwt",
          accessTokenTTL: options.accessTokenTtl,
          jwt: { sign: { alg: "RS256", kid: keys.accessToken.kid } },
        }),
      },
    },
  });

  return {
    provider,
    grantOf: (originJti) => grantsByOrigin.get(originJti),
    findUser: (sub) => usersBySub.get(sub),
    clear() {
      store.clear();
      grantsByOrigin.clear();
    },
  };
}

/** The claims of a user in an ID token, as Cognito writes them. */
function idTokenClaims(user: PoolUser): Record<string, unknown> {
  return {
    sub: user.sub,
    // In a pool whose users sign in with their email, Cognito's username is the sub.
    "cognito:username": user.sub,
    ...(user.groups.length > 0 ? { "cognito:groups": user.groups } : {}),
    email: user.email,
    email_verified: user.emailVerified,
    name: user.name,
    ...user.attributes,
    token_use: "id",
  };
}

function queryOf(params: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string") query.set(key, value);
  }
  return query.toString();
}
