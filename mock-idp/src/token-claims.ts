import { randomUUID } from "node:crypto";
import type { AccessTokenLike, KoaContext } from "oidc-provider";
import { type PoolUser, uuidFrom } from "./users.ts";

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
  /** The grant an access token came from, by its `origin_jti`. */
  grantOf(originJti: string): string | undefined;
  findUser(sub: string): PoolUser | undefined;
  clear(): void;
}

/**
 * Cognito's ID and access token claims for the given users.
 * @example const claims = tokenClaims(users); new Provider(issuer, { findAccount: claims.findAccount })
 */
export function tokenClaims(users: readonly PoolUser[]): TokenClaims {
  const usersBySub = new Map(users.map((u) => [u.sub, u]));
  const grantsByOrigin = new Map<string, string>();
  const attributeNames = [...new Set(users.flatMap((u) => Object.keys(u.attributes)))];

  return {
    claimNames: [
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
    // `auth_time` comes from the code or refresh token here: the client setting
    // `require_auth_time` would make oidc-provider refuse sign-ins without `openid`.
    async findAccount(_ctx, sub, token) {
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
    async extraTokenClaims(ctx, token) {
      const user = token.accountId ? usersBySub.get(token.accountId) : undefined;
      if (token.kind !== "AccessToken" || !user || !token.grantId) return undefined;
      const ids = signInIds(token.grantId);
      grantsByOrigin.set(ids.origin_jti, token.grantId);
      const entities = ctx.oidc?.entities ?? {};
      return {
        token_use: "access",
        auth_time: entities.AuthorizationCode?.authTime ?? entities.RefreshToken?.authTime,
        ...ids,
        username: user.sub,
        ...(user.groups.length > 0 ? { "cognito:groups": user.groups } : {}),
        version: 2,
      };
    },
    async customizeAccessJwt(_ctx, _token, jwt) {
      // Cognito's header is just {kid, alg}.
      jwt.header = { typ: undefined };
      // oidc-provider refuses to sign an access token without `aud`; a non-enumerable `aud`
      // passes that check but is left out of the JSON that gets signed.
      const { aud } = jwt.payload as { aud?: unknown };
      Object.defineProperty(jwt.payload, "aud", { value: aud, enumerable: false, writable: true });
    },
    grantOf: (originJti) => grantsByOrigin.get(originJti),
    findUser: (sub) => usersBySub.get(sub),
    clear: () => grantsByOrigin.clear(),
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
