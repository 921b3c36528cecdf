import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { Fetcher } from "aws-jwt-verify/https";
import { SimpleJwksCache } from "aws-jwt-verify/jwk";
import { CognitoAuthError } from "./errors.ts";

/** The claims the session keeps from a verified ID token. */
export interface IdTokenClaims {
  sub: string;
  username: string;
  email: string;
  name: string;
  groups: string[];
  /** Epoch ms. */
  expiresAt: number;
  nonce: string | undefined;
}

/** The JWKS could not be fetched: the IdP's fault, not the token's. */
class JwksUnavailableError extends Error {
  override readonly name = "JwksUnavailableError";
}

/**
 * Fetches the JWKS with the platform `fetch` from the configured URI, whatever URI the verifier
 * derived from the user pool: this points aws-jwt-verify at a custom domain or the mock IdP
 * (http on localhost) while it still checks the Cognito issuer.
 */
class JwksFetcher implements Fetcher {
  readonly #jwksUri: string;

  constructor(jwksUri: string) {
    this.#jwksUri = jwksUri;
  }

  async fetch(): Promise<ArrayBuffer> {
    let res: Response;
    try {
      res = await fetch(this.#jwksUri, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(5_000),
        redirect: "error",
      });
    } catch (cause) {
      throw new JwksUnavailableError(`JWKS unreachable: ${(cause as Error).name}`);
    }
    if (!res.ok) throw new JwksUnavailableError(`JWKS: HTTP ${res.status}`);
    return res.arrayBuffer();
  }
}

/**
 * Verifies Cognito ID tokens: signature through a cached JWKS, issuer, audience, `token_use`,
 * expiry (aws-jwt-verify), then the nonce of the login attempt. Create it once per middleware.
 * @example
 * const verifier = new IdTokenVerifier({ userPoolId, clientId, jwksUri });
 * const claims = await verifier.verify(idToken, { nonce: tx.nonce });
 */
export class IdTokenVerifier {
  readonly #verifier;

  constructor(config: { userPoolId: string; clientId: string; jwksUri: string }) {
    this.#verifier = CognitoJwtVerifier.create(
      { userPoolId: config.userPoolId, clientId: config.clientId, tokenUse: "id" },
      { jwksCache: new SimpleJwksCache({ fetcher: new JwksFetcher(config.jwksUri) }) },
    );
  }

  /**
   * Verify an ID token. `nonce: null` skips the nonce check (explicitly: refreshed ID tokens
   * carry none).
   */
  async verify(idToken: string, expect: { nonce: string | null }): Promise<IdTokenClaims> {
    let payload: Record<string, unknown>;
    try {
      payload = (await this.#verifier.verify(idToken)) as Record<string, unknown>;
    } catch (cause) {
      const code = cause instanceof JwksUnavailableError ? "idp_unavailable" : "id_token_invalid";
      throw new CognitoAuthError(code, { cause: scrub(cause) });
    }
    const claims = toClaims(payload);
    if (expect.nonce !== null && claims.nonce !== expect.nonce) {
      throw new CognitoAuthError("nonce_mismatch");
    }
    return claims;
  }
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function toClaims(payload: Record<string, unknown>): IdTokenClaims {
  const sub = text(payload.sub);
  if (sub === "") throw new CognitoAuthError("id_token_invalid", { detail: "no sub" });
  const username = text(payload["cognito:username"]) || sub;
  const email = text(payload.email);
  const fullName = [text(payload.given_name), text(payload.family_name)].join(" ").trim();
  const groups = Array.isArray(payload["cognito:groups"])
    ? payload["cognito:groups"].filter((g): g is string => typeof g === "string")
    : [];
  return {
    sub,
    username,
    email,
    name: text(payload.name) || fullName || email || username,
    groups,
    expiresAt: Number(payload.exp) * 1000,
    nonce: typeof payload.nonce === "string" ? payload.nonce : undefined,
  };
}

/** aws-jwt-verify can attach the raw JWT to its errors: keep only the name and message. */
function scrub(cause: unknown): Error {
  if (!(cause instanceof Error)) return new Error("ID token verification failed");
  return new Error(`${cause.name}: ${cause.message}`);
}
