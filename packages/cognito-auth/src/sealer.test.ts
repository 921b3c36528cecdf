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
