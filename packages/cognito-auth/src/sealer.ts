import { CompactEncrypt, compactDecrypt } from "jose";

/** Anything longer is refused before decryption: browsers drop cookies above 4 KB anyway. */
const MAX_SEALED_LENGTH = 4096;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * What a sealed value is for. Each purpose gets its own key, so a login transaction can never be
 * replayed as a session (or the other way round).
 */
export type SealPurpose = "session" | "transaction";

async function deriveKey(secret: string, purpose: SealPurpose): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: encoder.encode("@cognito-dashboard/cognito-auth"),
      info: encoder.encode(`cdash ${purpose} A256GCM v1`),
    },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * Encrypts and authenticates small JSON values (compact JWE, `dir` + `A256GCM`) with keys derived
 * by HKDF from the session secrets. The first secret seals; every secret opens, so secrets can
 * rotate without logging anyone out.
 * @example
 * const sealer = new Sealer(["a secret of at least thirty-two bytes!"]);
 * const token = await sealer.seal("session", { sub: "abc" });
 * await sealer.open("session", token); // { sub: "abc" }
 */
export class Sealer {
  readonly #secrets: string[];
  readonly #keys = new Map<SealPurpose, Promise<Uint8Array[]>>();

  constructor(secrets: string[]) {
    this.#secrets = secrets;
  }

  #keysFor(purpose: SealPurpose): Promise<Uint8Array[]> {
    let keys = this.#keys.get(purpose);
    if (!keys) {
      keys = Promise.all(this.#secrets.map((secret) => deriveKey(secret, purpose)));
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

  /** Open a sealed value; `undefined` when it is garbage, tampered or sealed with an unknown key. */
  async open(purpose: SealPurpose, sealed: string): Promise<unknown> {
    if (sealed.length > MAX_SEALED_LENGTH || sealed.split(".").length !== 5) return undefined;
    for (const key of await this.#keysFor(purpose)) {
      try {
        const { plaintext } = await compactDecrypt(sealed, key, {
          keyManagementAlgorithms: ["dir"],
          contentEncryptionAlgorithms: ["A256GCM"],
        });
        return JSON.parse(decoder.decode(plaintext)) as unknown;
      } catch {
        // Wrong key or tampered: try the next secret.
      }
    }
    return undefined;
  }
}
