import { createPublicKey, verify } from "node:crypto";
import type { PublicJwk } from "./keys.ts";

/** The claims of a mock access token that userInfo relies on. */
export interface AccessClaims {
  sub: string;
  client_id: string;
  scope: string;
  origin_jti: string;
  exp: number;
  iss: string;
  token_use: string;
}

/**
 * Checks an access token of this mock (signature with the access-token key, issuer, expiry,
 * token_use) and returns its claims, or undefined for any token that fails.
 * @example const verifyAccess = accessTokenVerifier(jwk, issuer); verifyAccess(token)?.sub
 */
export function accessTokenVerifier(
  jwk: PublicJwk,
  issuer: string,
): (token: string) => AccessClaims | undefined {
  const key = createPublicKey({ key: { ...jwk }, format: "jwk" });
  return (token) => {
    const parts = token.split(".");
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    try {
      const head = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
      if (head.alg !== "RS256" || head.kid !== jwk.kid) return undefined;
      const valid = verify(
        "sha256",
        Buffer.from(`${header}.${payload}`),
        key,
        Buffer.from(signature, "base64url"),
      );
      if (!valid) return undefined;
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as AccessClaims;
      if (claims.iss !== issuer || claims.token_use !== "access") return undefined;
      if (typeof claims.exp !== "number" || claims.exp <= Date.now() / 1000) return undefined;
      return claims;
    } catch {
      return undefined;
    }
  };
}
