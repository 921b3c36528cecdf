import { Buffer } from "node:buffer";
import { createDecipheriv, createSecretKey, hkdfSync, type KeyObject } from "node:crypto";

/** Anything longer is refused before decryption: browsers drop cookies above 4 KB anyway. */
const MAX_SEALED_LENGTH = 3 * 4000;
const encoder = new TextEncoder();

/**
 * The only protected header this package seals with, as jose's `CompactEncrypt` writes
 * `{"alg":"dir","enc":"A256GCM"}`: a sealed value must carry exactly these bytes.
 */
const PROTECTED_HEADER = Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString("base64url");
const PROTECTED_HEADER_AAD = Buffer.from(PROTECTED_HEADER, "ascii");
/**
 * How every sealed value starts: the protected header, then the empty encrypted key of `dir`.
 * A cookie value that does not is not worth trying.
 */
export const SEALED_PREFIX = `${PROTECTED_HEADER}..`;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** A 128-bit GCM tag in base64url: the last characters of a sealed value. */
export const TAG_LENGTH = 22;

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

function deriveKey(secret: string, purpose: SealPurpose, binding: string): Uint8Array {
  // HKDF-SHA-256 (RFC 5869), as WebCrypto's deriveBits computes it, synchronously.
  const bits = hkdfSync(
    "sha256",
    encoder.encode(secret),
    encoder.encode("@cognito-dashboard/cognito-auth"),
    // The binding (pool and client) is part of the key: a cookie sealed by another deployment
    // that shares the secret is garbage here, not a session.
    encoder.encode(`cdash ${purpose} A256GCM v1${binding === "" ? "" : ` ${binding}`}`),
    32,
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
 * sealer.open("session", token); // { sub: "abc" }
 */
export class Sealer {
  readonly #secrets: string[];
  readonly #binding: string;
  readonly #keys = new Map<SealPurpose, { raw: Uint8Array[]; objects: KeyObject[] }>();

  constructor(secrets: string[], binding = "") {
    this.#secrets = secrets;
    this.#binding = binding;
  }

  #keysFor(purpose: SealPurpose): { raw: Uint8Array[]; objects: KeyObject[] } {
    let keys = this.#keys.get(purpose);
    if (!keys) {
      const raw = this.#secrets.map((secret) => deriveKey(secret, purpose, this.#binding));
      keys = { raw, objects: raw.map((key) => createSecretKey(key)) };
      this.#keys.set(purpose, keys);
    }
    return keys;
  }

  /** Seal a JSON value with the first secret (jose's `CompactEncrypt`: `dir` + `A256GCM`). */
  seal(purpose: SealPurpose, value: unknown): Promise<string> {
    return this.sealText(purpose, JSON.stringify(value));
  }

  /** Seal a text (UTF-8) as {@link seal} seals a JSON value's text. */
  async sealText(purpose: SealPurpose, text: string): Promise<string> {
    const [key] = this.#keysFor(purpose).raw;
    if (!key) throw new Error("Sealer: no secret");
    const { CompactEncrypt } = await loadJose();
    return new CompactEncrypt(encoder.encode(text))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
      .encrypt(key);
  }

  /**
   * Open a sealed value; `undefined` when it is garbage, tampered, sealed with an unknown key or
   * not JSON. The value is deeply frozen. Synchronous: one AES-GCM decryption per secret at most.
   */
  open(purpose: SealPurpose, sealed: string): unknown {
    const plaintext = this.openBytes(purpose, sealed);
    if (plaintext === undefined) return undefined;
    try {
      return deepFreeze(JSON.parse(plaintext.toString("utf8")));
    } catch {
      return undefined;
    }
  }

  /**
   * Open a sealed value to its plaintext bytes; `undefined` when it is garbage, tampered or
   * sealed with an unknown key. For a caller that reads its own layout (the session, opened on
   * every new request, parses only what it needs). What is opened on every request is remembered
   * by its caller (`SessionCache`).
   */
  openBytes(purpose: SealPurpose, sealed: string): Buffer | undefined {
    if (sealed.length > MAX_SEALED_LENGTH) return undefined;
    const parts = compactParts(sealed);
    if (parts === undefined) return undefined;
    for (const key of this.#keysFor(purpose).objects) {
      const plaintext = decrypt(parts, key);
      // Wrong key or tampered: try the next secret.
      if (plaintext !== undefined) return plaintext;
    }
    return undefined;
  }
}

/**
 * The decoded parts of a compact JWE in this package's exact format, or `undefined`: views of a
 * shared buffer, valid until the next call.
 */
interface CompactParts {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Split a compact JWE and check its format before any decryption: the protected header byte for
 * byte (so `alg`, `enc`, `zip` or any other member cannot be smuggled in), no encrypted key
 * (`dir`), a 96-bit IV and a 128-bit tag, each in canonical base64url.
 */
function compactParts(sealed: string): CompactParts | undefined {
  const a = sealed.indexOf(".");
  if (a !== PROTECTED_HEADER.length || !sealed.startsWith(PROTECTED_HEADER)) return undefined;
  // "dir": the encrypted key segment is empty, so the second dot follows the first.
  if (sealed.charCodeAt(a + 1) !== 0x2e) return undefined;
  const b = a + 1;
  const c = sealed.indexOf(".", b + 1);
  const d = c < 0 ? -1 : sealed.indexOf(".", c + 1);
  if (d < 0 || sealed.indexOf(".", d + 1) >= 0) return undefined;
  const ivText = sealed.slice(b + 1, c);
  const ciphertextText = sealed.slice(c + 1, d);
  const tagText = sealed.slice(d + 1);
  if (ivText.length !== 16 || tagText.length !== TAG_LENGTH) return undefined;
  if (!BASE64URL.test(ivText) || !BASE64URL.test(tagText)) return undefined;
  // 16 characters are exactly 12 bytes; 22 carry 132 bits for 128: the last 4 must be zero.
  if (!canonicalEnd(tagText)) return undefined;
  // Decoded into one buffer reused by every call (what is decoded is used before `open` returns):
  // `Buffer.from` would take a new pool slab every other session.
  // Node's decoder skips characters outside the alphabet: then fewer bytes come out than the
  // length promises (a check of the length instead of a scan of 3 KB).
  const length = ciphertextText.length;
  const bytes = Math.floor((length * 3) / 4);
  if (length % 4 === 1 || scratch.write(ciphertextText, 28, "base64url") !== bytes) {
    return undefined;
  }
  // Bits past the last byte must be zero too, or several strings would open to one value.
  if (!canonicalEnd(ciphertextText)) return undefined;
  scratch.write(ivText, 0, "base64url");
  scratch.write(tagText, 12, "base64url");
  return { ciphertext: scratch.subarray(28, 28 + bytes), iv: SCRATCH_IV, tag: SCRATCH_TAG };
}

/**
 * Where {@link compactParts} decodes: the IV (12 bytes), the tag (16), then the longest
 * ciphertext a sealed value can hold. Shared: `open` is synchronous, so no two calls use it at
 * once; the IV's and the tag's views are made once.
 */
const scratch = Buffer.alloc(28 + Math.ceil((MAX_SEALED_LENGTH * 3) / 4));
const SCRATCH_IV = scratch.subarray(0, 12);
const SCRATCH_TAG = scratch.subarray(12, 28);

const BASE64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * Whether an unpadded base64url text's last character carries no bits beyond its last byte (its
 * low 4 bits when the length is 2 mod 4, its low 2 when 3 mod 4): the one canonical spelling.
 */
function canonicalEnd(text: string): boolean {
  const spare = text.length % 4 === 2 ? 0b1111 : text.length % 4 === 3 ? 0b11 : 0;
  if (spare === 0) return true;
  return (BASE64URL_ALPHABET.indexOf(text.charAt(text.length - 1)) & spare) === 0;
}

/** AES-256-GCM open of a JWE's parts, the ASCII protected header as AAD (RFC 7516, 5.2). */
function decrypt(parts: CompactParts, key: KeyObject): Buffer | undefined {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, parts.iv, { authTagLength: 16 });
    decipher.setAAD(PROTECTED_HEADER_AAD);
    decipher.setAuthTag(parts.tag);
    const plaintext = decipher.update(parts.ciphertext);
    decipher.final(); // throws when the tag does not match; GCM has no bytes left to give
    return plaintext;
  } catch {
    return undefined;
  }
}

/**
 * Freeze a parsed JSON value and everything in it.
 * @example deepFreeze(JSON.parse('{"a":[1]}')) // every level frozen
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * jose is only needed to seal (a sign-in, a renewal), never to open: loaded on first use, it stays
 * off the cold path of a request that only checks a session cookie (about 20 KB of a bundle).
 */
let jose: Promise<typeof import("jose")> | undefined;
function loadJose(): Promise<typeof import("jose")> {
  jose ??= import("jose").catch((error: unknown) => {
    jose = undefined;
    throw error;
  });
  return jose;
}
