import { Buffer } from "node:buffer";
import { createCipheriv, randomBytes } from "node:crypto";
import { CompactEncrypt, compactDecrypt } from "jose";
import { describe, expect, it } from "vitest";
import { Sealer, sealerBinding } from "./sealer.ts";
import { tamper } from "./testing/test-browser.ts";

const A = "first-secret-0123456789-0123456789";
const B = "second-secret-0123456789-0123456789";

/** base64url of an ASCII string, without `Buffer` (the package runs on Bun and Deno too). */
const base64url = (ascii: string) =>
  btoa(ascii).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

describe("Sealer", () => {
  it("seals with the first secret and opens with any", async () => {
    const token = await new Sealer([A]).seal("session", { sub: "u1" });
    expect(token.split(".")).toHaveLength(5);
    expect(await new Sealer([B, A]).open("session", token)).toEqual({ sub: "u1" });
    expect(await new Sealer([B]).open("session", token)).toBeUndefined();
  });

  it("hides the value: neither its text nor that text in base64url is in the token", async () => {
    // Long enough that a random token cannot contain it by chance (64^-30 per position).
    const marker = "plaintext-that-must-never-leak-0123456789";
    const token = await new Sealer([A]).seal("session", { sub: marker });
    const json = JSON.stringify({ sub: marker });
    // The plaintext's base64url at each of the three alignments it could start at, with the
    // partial groups at both ends cut off.
    const encoded = [0, 1, 2].map((shift) => base64url(json.slice(shift)).slice(0, -4));
    for (const leak of [marker, ...encoded]) expect(token).not.toContain(leak);
    expect(await new Sealer([A]).open("session", token)).toEqual({ sub: marker });
  });

  it("keeps bindings apart: a value sealed for one pool and client does not open for another", async () => {
    const ours = sealerBinding({
      issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A",
      clientId: "c1",
    });
    const token = await new Sealer([A], ours).seal("session", { sub: "u1" });
    expect(await new Sealer([A], ours).open("session", token)).toEqual({ sub: "u1" });
    for (const other of [
      sealerBinding({
        issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_B",
        clientId: "c1",
      }),
      sealerBinding({
        issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A",
        clientId: "c2",
      }),
      "",
    ]) {
      expect(await new Sealer([A], other).open("session", token)).toBeUndefined();
    }
  });

  it("keeps purposes apart", async () => {
    const sealer = new Sealer([A]);
    const tx = await sealer.seal("transaction", { state: "x" });
    expect(await sealer.open("session", tx)).toBeUndefined();
    expect(await sealer.open("transaction", tx)).toEqual({ state: "x" });
  });

  it("opens to a deeply frozen value, and refuses a value opened for the other purpose", async () => {
    const sealer = new Sealer([A]);
    const token = await sealer.seal("session", { sub: "u1", groups: ["g"] });
    const value = sealer.open("session", token) as { groups: string[] };
    expect(Object.isFrozen(value) && Object.isFrozen(value.groups)).toBe(true);
    expect(sealer.open("transaction", token)).toBeUndefined();
  });

  it("refuses every non-canonical spelling of a segment (bits past the last byte set)", async () => {
    const sealer = new Sealer([A]);
    // Lengths 1, 2 and 3 mod 3 of plaintext give ciphertexts ending in each of base64url's cases.
    for (const sub of ["a", "ab", "abc"]) {
      const token = await sealer.seal("session", { sub });
      expect(sealer.open("session", token)).toEqual({ sub });
      const segments = token.split(".");
      for (const index of [3, 4]) {
        const segment = segments[index] ?? "";
        const spare = segment.length % 4 === 2 ? 0b1111 : segment.length % 4 === 3 ? 0b11 : 0;
        if (spare === 0) continue;
        const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const last = alphabet.indexOf(segment.at(-1) ?? "");
        const other = alphabet[last ^ 1];
        const changed = [...segments];
        changed[index] = `${segment.slice(0, -1)}${other}`;
        // The same bytes: Node's decoder ignores the spare bits, so only the check refuses it.
        expect(Buffer.from(changed[index] ?? "", "base64url")).toEqual(
          Buffer.from(segment, "base64url"),
        );
        expect(
          sealer.open("session", changed.join(".")),
          `segment ${index} of ${sub}`,
        ).toBeUndefined();
      }
    }
  });

  it("refuses tampering and garbage without throwing", async () => {
    const sealer = new Sealer([A]);
    const token = await sealer.seal("session", { sub: "u1" });
    const parts = token.split(".");
    parts[3] = tamper(parts[3] ?? "", 5);
    for (const bad of [
      parts.join("."),
      "",
      "a.b.c.d.e",
      token.replace(/^[^.]+/, "e30"),
      `${token}x`,
    ]) {
      expect(await sealer.open("session", bad)).toBeUndefined();
    }
  });
});

/** The key derivation written independently, with WebCrypto, as the sealer did before. */
async function webCryptoKey(secret: string, purpose: string, binding: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveBits",
  ]);
  const info = `cdash ${purpose} A256GCM v1${binding === "" ? "" : ` ${binding}`}`;
  const bits = await crypto.subtle.deriveBits(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: encoder.encode("@cognito-dashboard/cognito-auth"),
      info: encoder.encode(info),
    },
    base,
    256,
  );
  return new Uint8Array(bits);
}

const joseOpen = async (token: string, key: Uint8Array) => {
  try {
    const { plaintext } = await compactDecrypt(token, key, {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
    });
    return JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
  } catch {
    return undefined;
  }
};

describe("Sealer and jose: the same compact JWE (dir + A256GCM), both ways", () => {
  const binding = sealerBinding({
    issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A",
    clientId: "c1",
  });

  it("opens what jose sealed, and jose opens what it sealed", async () => {
    const key = await webCryptoKey(A, "session", binding);
    const sealer = new Sealer([A], binding);
    const value = { sub: "u1", groups: ["a", "b"], name: "Zoë ☃" };
    const byJose = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value)))
      .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
      .encrypt(key);
    expect(sealer.open("session", byJose)).toEqual(value);
    const ours = await sealer.seal("session", value);
    expect(await joseOpen(ours, key)).toEqual(value);
    // And a JWE built by hand with node:crypto (a third writer) opens with both.
    const iv = randomBytes(12);
    const header = Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString("base64url");
    const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(header));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()]);
    const byHand = [header, "", iv, ciphertext, cipher.getAuthTag()]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
    expect(sealer.open("session", byHand)).toEqual(value);
    expect(await joseOpen(byHand, key)).toEqual(value);
  });

  it("checks the protected header byte for byte: other headers jose would accept are refused", async () => {
    const key = await webCryptoKey(A, "session", binding);
    const sealer = new Sealer([A], binding);
    for (const header of [
      { enc: "A256GCM", alg: "dir" },
      { alg: "dir", enc: "A256GCM", kid: "x" },
      { alg: "dir", enc: "A256GCM", cty: "json" },
    ]) {
      const token = await new CompactEncrypt(new TextEncoder().encode('{"sub":"u1"}'))
        .setProtectedHeader(header as { alg: string; enc: string })
        .encrypt(key);
      expect(await joseOpen(token, key), JSON.stringify(header)).toEqual({ sub: "u1" });
      expect(sealer.open("session", token), JSON.stringify(header)).toBeUndefined();
    }
  });

  it("refuses every tampered variant jose refuses, and opens none that jose would not", async () => {
    const key = await webCryptoKey(A, "session", binding);
    const sealer = new Sealer([A], binding);
    const token = await sealer.seal("session", { sub: "u1" });
    let refused = 0;
    for (let at = 0; at < token.length; at++) {
      if (token[at] === ".") continue;
      for (const variant of [tamper(token, at), `${token.slice(0, at)}${token.slice(at + 1)}`]) {
        const ours = new Sealer([A], binding).open("session", variant);
        const theirs = await joseOpen(variant, key);
        if (ours !== undefined) expect(theirs, `${at}`).toEqual(ours);
        if (theirs === undefined) expect(ours, `${at}`).toBeUndefined();
        if (ours === undefined) refused++;
      }
    }
    // All of them: a top-bit flip always changes the bytes, a deletion the length or alignment.
    expect(refused).toBe(2 * (token.length - 4));
    expect(sealer.open("session", token)).toEqual({ sub: "u1" });
  });
});
