import Provider, { type Adapter, type Interaction, type KoaContext } from "oidc-provider";
import { clientMetadata } from "./app-client.ts";
import { renderAuthorizeError } from "./error-pages.ts";
import { federationRequest } from "./federation.ts";
import type { MockKeys } from "./keys.ts";
import { createMemoryStore } from "./memory-store.ts";
import type { ResolvedOptions } from "./options.ts";
import { refreshTokenAdapter } from "./refresh-tokens.ts";
import type { SignInTabs } from "./sign-in-tabs.ts";
import { tokenClaims } from "./token-claims.ts";
import type { UserPool } from "./user-pool.ts";

/**
 * oidc-provider issues JWT access tokens only for a resource server. This one stands for "the
 * user pool"; its value never shows, because the mock hides the access token's `aud` (Cognito's
 * access tokens have none).
 */
const POOL_RESOURCE = "urn:mock-idp:user-pool";

/** How long a sign-in page stays usable, in seconds. */
export const SIGN_IN_TTL = 3600;

/**
 * Sign-ins started and not finished that the mock keeps (about 10 KB each); past it, the oldest
 * is forgotten (its form then says the sign-in expired). Without a cap, every abandoned sign-in
 * stayed for an hour: 20,000 of them took 195 MiB.
 */
export const MAX_PENDING_SIGN_INS = 1_000;

/** What the mock's own routes need from the provider. */
export interface MockProvider {
  provider: Provider;
  /** Maps `origin_jti` to the grant, so a revoked refresh token also disables its access tokens. */
  grantOf(originJti: string): string | undefined;
  /**
   * Ends every sign-in of a user: their refresh tokens, and so their access tokens, stop working.
   * With `keepSession`, the hosted UI's session stays (AdminUserGlobalSignOut), so the next
   * authorize signs them in again without the form.
   */
  revokeUser(sub: string, keepSession?: boolean): Promise<void>;
  clear(): void;
}

/**
 * Builds the oidc-provider instance, with every default that differs from Cognito changed: paths,
 * claims, JWT access tokens without `aud`, code lifetime, refresh tokens without offline_access,
 * optional PKCE, cookie names, error pages.
 * @example const { provider } = createProvider(options, keys)
 */
export function createProvider(input: {
  options: ResolvedOptions;
  issuer: string;
  keys: MockKeys;
  tabs: SignInTabs;
  pool: UserPool;
  /** Where the pool's hosted UI is on the mock's origin: "" (the root) or "/<poolId>". */
  base: string;
  /** Every cookie of this pool's hosted UI starts with it (pools share localhost's cookies). */
  cookiePrefix: string;
}): MockProvider {
  const { options, keys, tabs, pool, base, cookiePrefix } = input;
  const store = createMemoryStore({ Interaction: MAX_PENDING_SIGN_INS });
  const claims = tokenClaims(pool);
  const clientOf = (client: { clientId: string } | undefined) =>
    client ? pool.findClient(client.clientId) : undefined;
  // A pool's grace period is its first client's (one store for the pool's refresh tokens).
  const grace = pool.clients()[0]?.refreshTokenRotation.retryGracePeriodSeconds ?? 0;

  const provider = new Provider(input.issuer, {
    adapter: (model: string) =>
      model === "Client"
        ? clientAdapter(pool)
        : model === "RefreshToken"
          ? refreshTokenAdapter(store.adapterFor(model), grace)
          : store.adapterFor(model),
    jwks: { keys: [keys.idToken, keys.accessToken] },
    cookies: {
      names: {
        session: `${cookiePrefix}session`,
        interaction: `${cookiePrefix}interaction`,
        resume: `${cookiePrefix}interaction_resume`,
      },
      keys: keys.cookieKeys,
    },
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
    scopes: options.scopes,
    // Cognito puts every attribute in the ID token whenever `openid` is granted.
    claims: { openid: claims.claimNames },
    // oidc-provider would keep email/name out of ID tokens that come with an access token.
    conformIdTokenClaims: false,
    pkce: { required: () => false },
    // Lifetimes are the client's (Cognito sets them per app client).
    ttl: {
      AuthorizationCode: 300,
      IdToken: (_ctx: unknown, _token: unknown, client?: { clientId: string }) =>
        clientOf(client)?.idTokenTtl ?? options.idTokenTtl,
      AccessToken: (_ctx: unknown, _token: unknown, client?: { clientId: string }) =>
        clientOf(client)?.accessTokenTtl ?? options.accessTokenTtl,
      RefreshToken: (_ctx: unknown, _token: unknown, client?: { clientId: string }) =>
        clientOf(client)?.refreshTokenTtl ?? options.refreshTokenTtl,
      Grant: (_ctx: unknown, _token: unknown, client?: { clientId: string }) =>
        clientOf(client)?.refreshTokenTtl ?? options.refreshTokenTtl,
      Session: options.sessionTtl,
      Interaction: SIGN_IN_TTL,
    },
    // Cognito issues a refresh token on every code exchange and rotates it only when the client
    // has rotation on; signing out of the hosted UI leaves tokens valid.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: (ctx: KoaContext) =>
      clientOf(ctx.oidc?.client)?.refreshTokenRotation.enabled ?? false,
    expiresWithSession: async () => false,
    interactions: {
      // Cognito's sign-in page has the authorize query string, unchanged.
      // With `identity_provider` (or `idp_identifier`) naming the federated provider, Cognito
      // skips its page and goes straight to the provider's.
      url: async (ctx: KoaContext, interaction: Interaction) => {
        const query =
          ctx.oidc?.route === "authorization" ? ctx.querystring : queryOf(interaction.params);
        tabs.remember(ctx, interaction.uid, query);
        const federated =
          federationRequest(new URLSearchParams(query), options.federation) === "federated";
        return `${base}${federated ? "/login/federated" : "/login"}?${query}`;
      },
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
    findAccount: claims.findAccount,
    extraTokenClaims: claims.extraTokenClaims,
    formats: { customizers: { jwt: claims.customizeAccessJwt } },
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
        getResourceServerInfo: async (
          _ctx: unknown,
          _resource: string,
          client: { clientId: string },
        ) => {
          const app = clientOf(client);
          return {
            scope: (app?.scopes ?? options.scopes).join(" "),
            audience: client.clientId,
            accessTokenFormat: "jwt",
            accessTokenTTL: app?.accessTokenTtl ?? options.accessTokenTtl,
            jwt: { sign: { alg: "RS256", kid: keys.accessToken.kid } },
          };
        },
      },
    },
  });

  // oidc-provider adds `at_hash` only to ID tokens of the authorization endpoint; Cognito's token
  // endpoint adds it to every ID token. The access token's value exists only once it is signed, so
  // it is kept here for the ID token that follows (see token-claims.ts).
  const accessTokenModel = provider.AccessToken.prototype;
  const getValueAndPayload = accessTokenModel.getValueAndPayload;
  accessTokenModel.getValueAndPayload = async function keepValue(this: object) {
    const result = await getValueAndPayload.call(this);
    claims.accessTokenIssued(this, result.value);
    return result;
  };

  return {
    provider,
    grantOf: claims.grantOf,
    revokeUser: (sub, keepSession = false) =>
      store.revokeAccount(sub, { keepSessions: keepSession }),
    clear() {
      store.clear();
      claims.clear();
    },
  };
}

/** oidc-provider finds the pool's app clients here, so that a client created later works at once. */
function clientAdapter(pool: UserPool): Adapter {
  const readOnly = async () => {};
  return {
    upsert: readOnly,
    async find(id) {
      const client = pool.findClient(id);
      return client ? clientMetadata(client) : undefined;
    },
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: readOnly,
    destroy: readOnly,
    revokeByGrantId: readOnly,
  };
}

function queryOf(params: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string") query.set(key, value);
  }
  return query.toString();
}
