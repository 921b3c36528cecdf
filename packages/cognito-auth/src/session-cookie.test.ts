import { describe, expect, it } from "vitest";
import { Sealer } from "./sealer.ts";
import { openSession, type Session, sealSession } from "./session-cookie.ts";

const sealer = new Sealer(["session-cookie-test-secret-0123456789"]);

/** A session as Cognito's sign-in leaves it: a refresh token of 1,800 characters, an access token. */
const SESSION: Session = {
  sub: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
  username: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
  email: "zoë@example.com",
  name: "Zoë Ångström",
  groups: ["admins", "users"],
  idTokenExpiresAt: 1_800_000_000_000,
  sessionExpiresAt: 1_800_028_800_000,
  refreshToken: `eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.${"a".repeat(1700)}.b-c_d`,
  csrfToken: "csrf-0123456789abcdefghijklmnopqrstuvwx",
  accessToken: `eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.${"e".repeat(900)}.sig`,
  accessTokenExpiresAt: 1_800_000_000_000,
  claims: { "custom:team": "blue", nested: { list: [1, 2] } },
  checkedAt: 1_799_999_000_000,
};

/** The plaintext a sealed session opens to, as text. */
function plaintextOf(sealed: string): string {
  return sealer.openBytes("session", sealed)?.toString("utf8") ?? "<not opened>";
}

describe("the session cookie's plaintext", () => {
  it("is the JSON without the tokens, then a line per token (version 2), and opens to the same session, frozen", async () => {
    const sealed = await sealSession(sealer, SESSION);
    const [json = "", refresh, access, ...rest] = plaintextOf(sealed).split("\n");
    expect(JSON.parse(json)).toMatchObject({ v: 2, s: SESSION.sub, n: SESSION.name });
    expect(JSON.parse(json)).not.toHaveProperty("r");
    expect(JSON.parse(json)).not.toHaveProperty("a");
    expect([refresh, access, rest]).toEqual([SESSION.refreshToken, SESSION.accessToken, []]);
    const opened = openSession(sealer, sealed);
    expect(opened).toEqual(SESSION);
    expect(Object.isFrozen(opened) && Object.isFrozen(opened?.groups)).toBe(true);
    expect(Object.isFrozen(opened?.claims) && Object.isFrozen(opened?.claims.nested)).toBe(true);
  });

  it("keeps an empty access token (an IdP that gave none, or keepAccessToken: false)", async () => {
    const session = { ...SESSION, accessToken: "", accessTokenExpiresAt: 0 };
    const sealed = await sealSession(sealer, session);
    expect(plaintextOf(sealed).endsWith("\n")).toBe(true);
    expect(openSession(sealer, sealed)).toEqual(session);
  });

  it("still opens a session sealed as version 1 (everything in the JSON), as cookies set before it hold", async () => {
    const { sub, username, email, name, groups, refreshToken, csrfToken, accessToken } = SESSION;
    const v1 = await sealer.seal("session", {
      v: 1,
      s: sub,
      u: username,
      e: email,
      n: name,
      g: groups,
      i: SESSION.idTokenExpiresAt,
      x: SESSION.sessionExpiresAt,
      r: refreshToken,
      c: csrfToken,
      a: accessToken,
      t: SESSION.accessTokenExpiresAt,
      k: SESSION.claims,
      l: SESSION.checkedAt,
    });
    expect(openSession(sealer, v1)).toEqual(SESSION);
  });

  it("seals as version 1 a token that could not stand on a line (a space, a newline, non-ASCII)", async () => {
    for (const refreshToken of ["has space", "two\nlines", "naïve"]) {
      const session = { ...SESSION, refreshToken };
      const sealed = await sealSession(sealer, session);
      expect(JSON.parse(plaintextOf(sealed))).toMatchObject({ v: 1, r: refreshToken });
      expect(openSession(sealer, sealed)).toEqual(session);
    }
  });

  it("refuses a plaintext of neither layout, though it opens (sealed with the right key)", async () => {
    const sealed = await sealSession(sealer, SESSION);
    const [json = "", refresh = "", access = ""] = plaintextOf(sealed).split("\n");
    const identity = JSON.parse(json);
    const bad = [
      `${json}\n${refresh}`, // one token line
      `${json}\n${refresh}\n${access}\n`, // a third line
      `${JSON.stringify({ ...identity, v: 1 })}\n${refresh}\n${access}`, // version 1 in lines
      `${JSON.stringify({ ...identity, r: "x" })}\n${refresh}\n${access}`, // a token in both
      JSON.stringify({ ...identity, r: refresh, a: access }), // version 2 as one JSON
      `not json\n${refresh}\n${access}`,
      `${JSON.stringify({ ...identity, s: "" })}\n${refresh}\n${access}`, // no subject
    ];
    for (const text of bad) {
      expect(openSession(sealer, await sealer.sealText("session", text)), text.slice(0, 80)).toBe(
        undefined,
      );
    }
  });
});
