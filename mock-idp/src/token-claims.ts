import { randomUUID } from "node:crypto";
import type { AccessTokenLike, KoaContext } from "oidc-provider";
import { type PoolUser, STANDARD_ATTRIBUTES, type UserPool } from "./user-pool.ts";
import { uuidFrom } from "./users.ts";

/**
 * Claims of a token that stay the same across refreshes of one sign-in (one grant).
 * @example signInIds(grantId).origin_jti // a UUID
 */
function signInIds(grantId: string): { origin_jti: string; event_id: string } {
  return { origin_jti: uuidFrom(`origin:${grantId}`), event_id: uuidFrom(`event:${grantId}`) };
}

/** The hooks that give oidc-provider's tokens Cognito's claims. */
export interface TokenClaims {
  /** Every claim name an ID token may carry; oidc-provider releases only listed claims. */
  claimNames: string[];
  findAccount: (
    ctx: KoaContext,
    sub: string,
    token?: { grantId?: string; authTime?: number },
  ) => Promise<{ accountId: string; claims: () => Promise<Record<string, unknown>> } | undefined>;
  extraTokenClaims: (
    ctx: KoaContext,
    token: AccessTokenLike,
  ) => Promise<Record<string, unknown> | undefined>;
  customizeAccessJwt: (
    ctx: unknown,
    token: unknown,
    jwt: { header?: object; payload: object },
  ) => Promise<void>;
  /** Records the value of an access token once signed, for the `at_hash` of its ID token. */
  accessTokenIssued(token: object, value: string): void;
  /** The grant an access token came from, by its `origin_jti`. */
  grantOf(originJti: string): string | undefined;
  clear(): void;
}

/**
 * Cognito's ID and access token claims for the users of the pool. A user who is disabled or gone
 * has no account: oidc-provider then refuses their refresh token (`invalid_grant`).
 * @example const claims = tokenClaims(pool); new Provider(issuer, { findAccount: claims.findAccount })
 */
export function tokenClaims(pool: UserPool): TokenClaims {
  const grantsByOrigin = new Map<string, string>();
  const accessTokenValues = new WeakMap<object, string>();
  const activeUser = (sub: string | undefined) => {
    const user = sub ? pool.bySub(sub) : undefined;
    return user?.enabled ? user : undefined;
  };

  return {
    claimNames: [
      ...new Set([
        "sub",
        "cognito:username",
        "cognito:groups",
        "token_use",
        "auth_time",
        "origin_jti",
        "event_id",
        "jti",
        "at_hash",
        ...STANDARD_ATTRIBUTES,
        ...pool.customAttributes(),
      ]),
    ],
    // `auth_time` comes from the code or refresh token here: the client setting
    // `require_auth_time` would make oidc-provider refuse sign-ins without `openid`.
    async findAccount(ctx, sub, token) {
      const user = activeUser(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: async () => {
          // The ID token is built after its access token is signed (oidc-provider's grants), so
          // its `at_hash` source is known here; oidc-provider hashes the value when signing.
          const accessToken = ctx?.oidc?.entities.AccessToken;
          const atValue = accessToken ? accessTokenValues.get(accessToken) : undefined;
          return {
            ...idTokenClaims(user),
            ...(token?.grantId ? signInIds(token.grantId) : {}),
            ...(token?.authTime ? { auth_time: token.authTime } : {}),
            ...(atValue ? { at_hash: atValue } : {}),
            jti: randomUUID(),
          };
        },
      };
    },
    async extraTokenClaims(ctx, token) {
      const user = activeUser(token.accountId);
      if (token.kind !== "AccessToken" || !user || !token.grantId) return undefined;
      const ids = signInIds(token.grantId);
      grantsByOrigin.set(ids.origin_jti, token.grantId);
      const entities = ctx.oidc?.entities ?? {};
      return {
        token_use: "access",
        auth_time: entities.AuthorizationCode?.authTime ?? entities.RefreshToken?.authTime,
        ...ids,
        username: user.username,
        ...(user.groups.length > 0 ? { "cognito:groups": [...user.groups] } : {}),
        version: 2,
      };
    },
    async customizeAccessJwt(_ctx, _token, jwt) {
      // Cognito's header is just {kid, alg}.
      jwt.header = { typ: undefined };
      const payload = jwt.payload as { aud?: unknown; jti?: string };
      // Cognito's jti is a UUID; oidc-provider's is its own random id (unused for JWTs).
      payload.jti = randomUUID();
      // oidc-provider refuses to sign an access token without `aud`; a non-enumerable `aud`
      // passes that check but is left out of the JSON that gets signed.
      Object.defineProperty(payload, "aud", {
        value: payload.aud,
        enumerable: false,
        writable: true,
      });
    },
    accessTokenIssued: (token, value) => accessTokenValues.set(token, value),
    grantOf: (originJti) => grantsByOrigin.get(originJti),
    clear: () => grantsByOrigin.clear(),
  };
}

/** The claims of a user in an ID token, as Cognito writes them. */
function idTokenClaims(user: PoolUser): Record<string, unknown> {
  const { email_verified, phone_number_verified, identities, ...attributes } = user.attributes;
  return {
    ...attributes,
    "cognito:username": user.username,
    ...(user.groups.length > 0 ? { "cognito:groups": [...user.groups] } : {}),
    // Booleans in the ID token (strings in the API and in userInfo).
    ...(email_verified === undefined ? {} : { email_verified: email_verified === "true" }),
    ...(phone_number_verified === undefined
      ? {}
      : { phone_number_verified: phone_number_verified === "true" }),
    ...(identities === undefined ? {} : { identities: JSON.parse(identities) }),
    token_use: "id",
  };
}
