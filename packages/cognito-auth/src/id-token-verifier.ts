import { CognitoAuthError } from "./errors.ts";
import type { IdpJwksCache } from "./jwks-cache.ts";

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
  /** The user's `custom:*` attributes, by their full claim name. */
  custom: Record<string, string>;
}

/**
 * Verifies Cognito ID tokens: signature through a cached JWKS, issuer, audience, `token_use`,
 * expiry (aws-jwt-verify; `exp` is required here), then the nonce of the login attempt. Create it
 * once per middleware. A JWKS that cannot be had is `idp_unavailable`, never a bad token.
 * @example
 * const verifier = new IdTokenVerifier({ userPoolId, clientId, jwksUri, idpTimeoutMs: 5_000 });
 * const claims = await verifier.verify(idToken, { nonce: tx.nonce });
 */
export class IdTokenVerifier {
  readonly #config: { userPoolId: string; clientId: string; jwksUri: string; idpTimeoutMs: number };
  /**
   * aws-jwt-verify, and our JWKS cache with it, are loaded at the first verification or key
   * prefetch (a callback or a renewal), not with the middleware: a request that only checks a
   * session cookie never needs them. They are off the cold path for their bytes and for what they
   * import: aws-jwt-verify's JWK module brings its Node fetcher, and with it `node:https` (and
   * `http`, `tls`, `net`), a good part of a fresh Node's start.
   */
  #keys: Promise<IdpJwksCache> | undefined;
  #verifier: Promise<{ verify(token: string): Promise<unknown> }> | undefined;

  constructor(config: {
    userPoolId: string;
    clientId: string;
    jwksUri: string;
    idpTimeoutMs: number;
  }) {
    this.#config = { ...config };
  }

  #loadKeys(): Promise<IdpJwksCache> {
    this.#keys ??= import("./jwks-cache.ts").then(
      ({ IdpJwksCache }) => new IdpJwksCache(this.#config.jwksUri, this.#config.idpTimeoutMs),
      (error: unknown) => {
        this.#keys = undefined;
        throw error;
      },
    );
    return this.#keys;
  }

  #load(): Promise<{ verify(token: string): Promise<unknown> }> {
    const { userPoolId, clientId } = this.#config;
    this.#verifier ??= Promise.all([import("aws-jwt-verify"), this.#loadKeys()]).then(
      ([{ CognitoJwtVerifier }, jwksCache]) =>
        CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: "id" }, { jwksCache }),
      (error: unknown) => {
        this.#verifier = undefined;
        throw error;
      },
    );
    return this.#verifier;
  }

  /** Fetch the signing keys now if none are cached (in parallel with a code exchange). */
  prefetchKeys(): void {
    this.#loadKeys().then(
      (keys) => keys.prefetch(),
      () => {},
    );
  }

  /**
   * Verify an ID token. `nonce: null` skips the nonce check (explicitly: refreshed ID tokens
   * carry none).
   */
  async verify(idToken: string, expect: { nonce: string | null }): Promise<IdTokenClaims> {
    let payload: Record<string, unknown>;
    try {
      const verifier = await this.#load();
      payload = (await verifier.verify(idToken)) as Record<string, unknown>;
    } catch (cause) {
      if (cause instanceof CognitoAuthError) throw cause;
      throw new CognitoAuthError("id_token_invalid", { cause: scrub(cause) });
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
  // aws-jwt-verify checks `exp` only when present; a session needs to know when to renew.
  const exp = payload.exp;
  if (typeof exp !== "number" || !Number.isFinite(exp)) {
    throw new CognitoAuthError("id_token_invalid", { detail: "no exp" });
  }
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
    expiresAt: exp * 1000,
    nonce: typeof payload.nonce === "string" ? payload.nonce : undefined,
    custom: customAttributes(payload),
  };
}

/** Cognito sends custom attributes as strings (numbers too); anything else is not one. */
function customAttributes(payload: Record<string, unknown>): Record<string, string> {
  const custom: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (name.startsWith("custom:") && typeof value === "string") custom[name] = value;
  }
  return custom;
}

/** aws-jwt-verify can attach the raw JWT to its errors: keep only the name and message. */
function scrub(cause: unknown): Error {
  if (!(cause instanceof Error)) return new Error("ID token verification failed");
  return new Error(`${cause.name}: ${cause.message}`);
}
