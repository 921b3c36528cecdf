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

  it("opens the same string to the same frozen value, and still refuses what it cannot open", async () => {
    const sealer = new Sealer([A]);
    const token = await sealer.seal("session", { sub: "u1", groups: ["g"] });
    const first = (await sealer.open("session", token)) as { groups: string[] };
    expect(await sealer.open("session", token)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.groups)).toBe(true);
    // A value opened for one purpose is not handed out for the other.
    expect(await sealer.open("transaction", token)).toBeUndefined();
    const parts = token.split(".");
    parts[3] = tamper(parts[3] ?? "", 5);
    expect(await sealer.open("session", parts.join("."))).toBeUndefined();
  });

  it("keeps at most 1000 opened values, dropping the least recently used", async () => {
    const sealer = new Sealer([A]);
    const tokens = await Promise.all(
      Array.from({ length: 1001 }, (_, i) => sealer.seal("session", { i })),
    );
    const values = [];
    for (const token of tokens) values.push(await sealer.open("session", token));
    // The first was dropped when the 1001st came in: opening it again gives a new object.
    const again = await sealer.open("session", tokens[0] as string);
    expect(again).toEqual({ i: 0 });
    expect(again).not.toBe(values[0]);
    expect(await sealer.open("session", tokens[1000] as string)).toBe(values[1000]);
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
