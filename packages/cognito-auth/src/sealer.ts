import { CompactEncrypt, compactDecrypt } from "jose";

/** Anything longer is refused before decryption: browsers drop cookies above 4 KB anyway. */
const MAX_SEALED_LENGTH = 4096;
/**
 * Values opened lately, per purpose. A session cookie is opened on every request, and decryption
 * (a WebCrypto job) is most of the middleware's cost; a sealed value never changes, so the same
 * string opens to the same value. Bounded: about 4 KB a cookie, 4 MB at most.
 */
export const OPENED_CACHE_SIZE = 1000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What a sealed value is for. Each purpose gets its own key, so a login transaction can never be
 * replayed as a session (or the other way round).
 */
export type SealPurpose = "session" | "transaction";

/**
 * What a middleware's sealed values are bound to: the issuer (user pool) and the app client.
 * @example sealerBinding({ issuer, clientId }) // '["https://cognito-idp…/eu-west-1_AbC","abc"]'
 */
export function sealerBinding(options: { issuer: string; clientId: string }): string {
  return JSON.stringify([options.issuer, options.clientId]);
}

async function deriveKey(
  secret: string,
  purpose: SealPurpose,
  binding: string,
): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: encoder.encode("@cognito-dashboard/cognito-auth"),
      // The binding (pool and client) is part of the key: a cookie sealed by another deployment
      // that shares the secret is garbage here, not a session.
      info: encoder.encode(`cdash ${purpose} A256GCM v1${binding === "" ? "" : ` ${binding}`}`),
    },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * Encrypts and authenticates small JSON values (compact JWE, `dir` + `A256GCM`) with keys derived
 * by HKDF from the session secrets and the `binding` (see {@link sealerBinding}). The first secret
 * seals; every secret opens, so secrets can rotate without logging anyone out.
 * @example
 * const sealer = new Sealer(["a secret of at least thirty-two bytes!"], sealerBinding(options));
 * const token = await sealer.seal("session", { sub: "abc" });
 * await sealer.open("session", token); // { sub: "abc" }
 */
export class Sealer {
  readonly #secrets: string[];
  readonly #binding: string;
  readonly #keys = new Map<SealPurpose, Promise<Uint8Array[]>>();
  readonly #opened = new Map<string, unknown>();

  constructor(secrets: string[], binding = "") {
    this.#secrets = secrets;
    this.#binding = binding;
  }

  #keysFor(purpose: SealPurpose): Promise<Uint8Array[]> {
    let keys = this.#keys.get(purpose);
    if (!keys) {
      keys = Promise.all(this.#secrets.map((secret) => deriveKey(secret, purpose, this.#binding)));
      this.#keys.set(purpose, keys);
    }
    return keys;
  }

  /** Seal a JSON value with the first secret. */
  async seal(purpose: SealPurpose, value: unknown): Promise<string> {
    const [key] = await this.#keysFor(purpose);
    if (!key) throw new Error("Sealer: no secret");
    return new CompactEncrypt(encoder.encode(JSON.stringify(value)))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
      .encrypt(key);
  }

  /**
   * Open a sealed value; `undefined` when it is garbage, tampered or sealed with an unknown key.
   * The value is deeply frozen: it may be shared with later opens of the same string.
   */
  async open(purpose: SealPurpose, sealed: string): Promise<unknown> {
    if (sealed.length > MAX_SEALED_LENGTH || sealed.split(".").length !== 5) return undefined;
    // The purpose is part of the key: a string opened as a transaction is not a session.
    const cacheKey = `${purpose}:${sealed}`;
    const cached = this.#opened.get(cacheKey);
    if (cached !== undefined) {
      // Least recently used goes first: move this one to the end.
      this.#opened.delete(cacheKey);
      this.#opened.set(cacheKey, cached);
      return cached;
    }
    for (const key of await this.#keysFor(purpose)) {
      let value: unknown;
      try {
        const { plaintext } = await compactDecrypt(sealed, key, {
          keyManagementAlgorithms: ["dir"],
          contentEncryptionAlgorithms: ["A256GCM"],
        });
        value = deepFreeze(JSON.parse(decoder.decode(plaintext)));
      } catch {
        // Wrong key or tampered: try the next secret.
        continue;
      }
      this.#opened.set(cacheKey, value);
      if (this.#opened.size > OPENED_CACHE_SIZE) {
        const oldest = this.#opened.keys().next().value;
        if (oldest !== undefined) this.#opened.delete(oldest);
      }
      return value;
    }
    return undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
