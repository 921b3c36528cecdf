import { describe, expect, it } from "vitest";
import { Sealer } from "./sealer.ts";
import { tamper } from "./testing/test-browser.ts";

const A = "first-secret-0123456789-0123456789";
const B = "second-secret-0123456789-0123456789";

describe("Sealer", () => {
  it("seals with the first secret and opens with any", async () => {
    const token = await new Sealer([A]).seal("session", { sub: "u1" });
    expect(token.split(".")).toHaveLength(5);
    expect(token).not.toContain("u1");
    expect(await new Sealer([B, A]).open("session", token)).toEqual({ sub: "u1" });
    expect(await new Sealer([B]).open("session", token)).toBeUndefined();
  });

  it("keeps purposes apart", async () => {
    const sealer = new Sealer([A]);
    const tx = await sealer.seal("transaction", { state: "x" });
    expect(await sealer.open("session", tx)).toBeUndefined();
    expect(await sealer.open("transaction", tx)).toEqual({ state: "x" });
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
