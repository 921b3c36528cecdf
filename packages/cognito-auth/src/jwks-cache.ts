import { JwtWithoutValidKidError } from "aws-jwt-verify/error";
import {
  assertIsSignatureJwk,
  findJwkInJwks,
  isJwks,
  type Jwk,
  type Jwks,
  type JwksCache,
  type JwkWithKid,
} from "aws-jwt-verify/jwk";
import type { Json } from "aws-jwt-verify/safe-json-parse";
import { callIdp, unavailable } from "./idp-call.ts";

/** What aws-jwt-verify hands a JWKS cache: the token's decoded header (and payload). */
type DecomposedJwt = Parameters<JwksCache["getJwk"]>[1];

/**
 * The signing keys for aws-jwt-verify (its `JwksCache` hook), fetched through {@link callIdp} from
 * the configured URI, whatever URI the verifier derived from the user pool: this points it at a
 * custom domain or the mock IdP (http on localhost) while it still checks the Cognito issuer.
 *
 * Unlike aws-jwt-verify's `SimpleJwksCache`, every fetch has a deadline over the whole exchange
 * (a stalled fetch can never be shared with every later verification), a failed or nonsensical
 * fetch (HTML, no usable keys) keeps the last good keys and is tried again by the next
 * verification, and an unknown `kid` fetches the keys again at once (verifications waiting at the
 * same time share one fetch): no penalty box. aws-jwt-verify's penalty box guards a JWKS URI
 * against JWTs anyone can forge with random kids; here an ID token only ever comes from the
 * token endpoint, over TLS, in answer to our client's own call, so an unknown kid is a key
 * rotation, and a 10-second ban would fail every login that rotation signs. Every failure is
 * `idp_unavailable` (retry), never "invalid".
 * @example CognitoJwtVerifier.create(props, { jwksCache: new IdpJwksCache(jwksUri, 5_000) })
 */
export class IdpJwksCache implements JwksCache {
  readonly #jwksUri: string;
  readonly #timeoutMs: number;
  #jwks: Jwks | undefined;
  #fetching: Promise<Jwks> | undefined;

  constructor(jwksUri: string, timeoutMs: number) {
    this.#jwksUri = jwksUri;
    this.#timeoutMs = timeoutMs;
  }

  addJwks(_jwksUri: string, jwks: Jwks): void {
    this.#jwks = jwks;
  }

  /** The keys, fetched now (or by the fetch already in flight). */
  getJwks(_jwksUri?: string): Promise<Jwks> {
    if (this.#fetching === undefined) {
      const flight = this.#download().finally(() => {
        if (this.#fetching === flight) this.#fetching = undefined;
      });
      this.#fetching = flight;
    }
    return this.#fetching;
  }

  /** Start fetching the keys if none are cached yet, without waiting (a cold start's login). */
  prefetch(): void {
    if (this.#jwks === undefined) this.getJwks().catch(() => {});
  }

  getCachedJwk(_jwksUri: string, decomposedJwt: DecomposedJwt): JwkWithKid {
    const kid = kidOf(decomposedJwt);
    const jwk = this.#jwks === undefined ? undefined : findJwkInJwks(this.#jwks, kid);
    if (jwk === undefined) throw unavailable("JWKS: key not cached");
    return jwk;
  }

  async getJwk(_jwksUri: string, decomposedJwt: DecomposedJwt): Promise<JwkWithKid> {
    const kid = kidOf(decomposedJwt);
    const cached = this.#jwks === undefined ? undefined : findJwkInJwks(this.#jwks, kid);
    if (cached !== undefined) return cached;
    const joined = this.#fetching !== undefined;
    await this.getJwks();
    let jwk = this.#jwks === undefined ? undefined : findJwkInJwks(this.#jwks, kid);
    // A fetch joined in flight may have left before the IdP published the key: one of our own.
    if (jwk === undefined && joined) {
      await this.getJwks();
      jwk = this.#jwks === undefined ? undefined : findJwkInJwks(this.#jwks, kid);
    }
    // The token came from the IdP's token endpoint, over TLS, for our client: a key its own JWKS
    // does not have is the IdP's inconsistency (a rotation under way), not the user's fault.
    if (jwk === undefined) throw unavailable("JWKS: no key for the token's kid");
    return jwk;
  }

  async #download(): Promise<Jwks> {
    const { status, json } = await callIdp(
      "JWKS",
      this.#jwksUri,
      { method: "GET" },
      this.#timeoutMs,
    );
    if (status !== 200) throw unavailable(`JWKS: HTTP ${status}`);
    if (!isJwks(json as Json)) throw unavailable("JWKS: not a key set");
    const keys = (json as Jwks).keys.filter(usableKey);
    // An empty set would make every login fail until the next fetch: keep the last good one.
    if (keys.length === 0) throw unavailable("JWKS: no usable signing keys");
    this.#jwks = { keys };
    return this.#jwks;
  }
}

function kidOf(decomposedJwt: DecomposedJwt): string {
  const kid = decomposedJwt.header.kid;
  if (typeof kid !== "string") throw new JwtWithoutValidKidError("JWT header has no valid kid");
  return kid;
}

function usableKey(jwk: Jwk): boolean {
  if (typeof jwk.kid !== "string") return false;
  try {
    assertIsSignatureJwk(jwk);
    return true;
  } catch {
    return false;
  }
}
