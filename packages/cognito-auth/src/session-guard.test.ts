import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LOGIN_PATH } from "./testing/routes.ts";
import {
  HTML,
  ORIGIN,
  SECRET_A,
  SECRET_B,
  TestBrowser,
  tamper,
  testApp,
} from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
afterEach(() => {
  idp.faults = {};
  idp.refuseRefresh = false;
  idp.idTokenTtlSeconds = 3600;
  vi.useRealTimers();
});

const cleared = (res: Response) =>
  res.headers.getSetCookie().some((c) => /^cdash_session=;.*Max-Age=0/.test(c));

async function signedIn(user = ALICE, app = testApp(idp)) {
  const browser = new TestBrowser(app);
  expect((await browser.login(idp, user)).status).toBe(302);
  const session = browser.cookies.get("cdash_session");
  if (!session) throw new Error("no session cookie");
  return { browser, session };
}

describe("a bad session cookie means no session (cleared), never a 5xx", () => {
  it("tampered: one character changed anywhere", async () => {
    const { session } = await signedIn();
    const app = testApp(idp);
    for (const at of [0, 40, 60, session.value.length - 1]) {
      const value = tamper(session.value, at);
      const res = await app.request(`${ORIGIN}/`, {
        headers: { accept: HTML, cookie: `cdash_session=${value}` },
      });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(LOGIN_PATH);
      expect(cleared(res)).toBe(true);
    }
  });

  it("garbage values, and a 7 KB cookie header", async () => {
    const app = testApp(idp);
    const values = [
      "",
      "garbage",
      "a.b.c.d.e",
      "....",
      "%E0%A4%A",
      "eyJhbGciOiJub25lIn0.e30.",
      `"quoted"`,
      "x".repeat(5000),
    ];
    for (const value of values) {
      const res = await app.request(`${ORIGIN}/api/me`, {
        headers: { accept: "application/json", cookie: `cdash_session=${value}` },
      });
      expect(res.status, value).toBe(401);
    }
    const big = Array.from({ length: 70 }, (_, i) => `junk${i}=${"z".repeat(95)}`).join("; ");
    expect(big.length).toBeGreaterThan(7000);
    const res = await app.request(`${ORIGIN}/reports/1`, {
      headers: { accept: HTML, cookie: `${big}; cdash_session=${"q".repeat(200)}` },
    });
    expect(res.status).toBe(302);
    expect(cleared(res)).toBe(true);
  });

  it("a cookie sealed for another user pool, app client or stage sharing the secret", async () => {
    const { session } = await signedIn();
    const cookie = `cdash_session=${session.value}`;
    for (const other of [
      testApp(idp, { userPoolId: "eu-west-1_AnotherPool" }),
      testApp(idp, { clientId: "anotherclient0000000000000" }),
    ]) {
      const res = await other.request(`${ORIGIN}/admin`, { headers: { accept: HTML, cookie } });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`${LOGIN_PATH}?return_to=%2Fadmin`);
      expect(cleared(res)).toBe(true);
    }
    // The same pool and client, another instance: opens.
    const same = await testApp(idp).request(`${ORIGIN}/admin`, {
      headers: { accept: HTML, cookie },
    });
    expect(same.status).toBe(200);
  });

  it("a garbage cookie of the same name before the valid one (another app on localhost)", async () => {
    const { session } = await signedIn();
    const app = testApp(idp);
    for (const cookie of [
      `cdash_session=garbage; cdash_session=${session.value}`,
      `cdash_session=${tamper(session.value, 60)}; other=1; cdash_session=${session.value}`,
      `cdash_session=${session.value}; cdash_session=garbage`,
    ]) {
      const res = await app.request(`${ORIGIN}/`, { headers: { accept: HTML, cookie } });
      expect(res.status, cookie.slice(0, 30)).toBe(200);
      expect(res.headers.getSetCookie(), "the valid one is kept").toEqual([]);
    }
    // However many come first: garbage is skipped without a decryption, ours is found.
    const stuffed = `${"cdash_session=garbage; ".repeat(30)}cdash_session=${session.value}`;
    const res = await app.request(`${ORIGIN}/`, { headers: { accept: HTML, cookie: stuffed } });
    expect(res.status).toBe(200);
  });

  it("a cookie sealed for a login attempt is not a session", async () => {
    const browser = new TestBrowser(testApp(idp));
    await browser.startLogin("/");
    const tx = [...browser.cookies].find(([n]) => n.startsWith("cdash_tx_"))?.[1].value;
    const res = await testApp(idp).request(`${ORIGIN}/api/me`, {
      headers: { accept: "application/json", cookie: `cdash_session=${tx}` },
    });
    expect(res.status).toBe(401);
  });
});

// The session cookie's size is tested with the mock IdP's real refresh token (a JWE of Cognito's
// size) in tests/chain/session-size.test.ts.

describe("renewal", () => {
  it("renews an expired ID token with the refresh token, in the same request", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { browser } = await signedIn();
    const before = idp.calls.token.length;
    vi.setSystemTime(Date.now() + 3600_000 + 1000);
    const page = await browser.request("/reports/3");
    expect(page.status).toBe(200);
    expect(await page.text()).toBe("report 3 for alice@example.com");
    expect(idp.calls.token.slice(before)).toEqual(["refresh_token"]);
    expect(page.headers.getSetCookie().find((c) => c.startsWith("cdash_session="))).toMatch(
      /Max-Age=\d+/,
    );
    // The resealed cookie carries the new expiry: no second refresh.
    expect((await browser.request("/")).status).toBe(200);
    expect(idp.calls.token.slice(before)).toEqual(["refresh_token"]);
  });

  it("keeps the renewed cookie when the handler returns a bare Response or a refusal", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const app = testApp(idp);
    app.get("/raw", () => new Response("raw"));
    const { browser } = await signedIn(BOB, app);
    vi.setSystemTime(Date.now() + 3600_000 + 1000);
    const raw = await browser.request("/raw");
    expect(await raw.text()).toBe("raw");
    expect(raw.headers.getSetCookie()).toEqual([expect.stringMatching(/^cdash_session=[\w-]/)]);
    vi.setSystemTime(Date.now() + 3600_000 + 1000);
    const forbidden = await browser.request("/admin");
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^cdash_session=[\w-]/),
    ]);
  });

  it("makes one refresh call for many parallel requests with the same expired session", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { session } = await signedIn();
    vi.setSystemTime(Date.now() + 3600_000 + 1000);
    const app = testApp(idp);
    const before = idp.calls.token.length;
    const cookie = `cdash_session=${session.value}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.request(`${ORIGIN}/api/me`, { headers: { cookie } })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    // Each gets its own renewed cookie; the IdP was asked once.
    expect(answers.every((r) => r.headers.getSetCookie().length === 1)).toBe(true);
    expect(idp.calls.token.slice(before)).toEqual(["refresh_token"]);
    // A request still carrying the old cookie a moment later shares that renewal too.
    expect((await app.request(`${ORIGIN}/api/me`, { headers: { cookie } })).status).toBe(200);
    expect(idp.calls.token.slice(before)).toEqual(["refresh_token"]);
  });

  it("asks the IdP again after a failed renewal (a failure is never shared later)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { session } = await signedIn();
    vi.setSystemTime(Date.now() + 3600_000 + 1000);
    const app = testApp(idp);
    const cookie = `cdash_session=${session.value}`;
    idp.faults.token = "500";
    expect((await app.request(`${ORIGIN}/api/me`, { headers: { cookie } })).status).toBe(503);
    idp.faults = {};
    const before = idp.calls.token.length;
    expect((await app.request(`${ORIGIN}/api/me`, { headers: { cookie } })).status).toBe(200);
    expect(idp.calls.token.slice(before)).toEqual(["refresh_token"]);
  });

  it("keeps API calls working through a renewal", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { browser } = await signedIn();
    vi.setSystemTime(Date.now() + 2 * 3600_000);
    const me = await browser.request("/api/me", { accept: "application/json" });
    expect(me.status).toBe(200);
    expect((await me.json()).email).toBe("alice@example.com");
  });

  it("logs out cleanly when the refresh is refused: 302 for pages, 401 for API", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { session } = await signedIn();
    vi.setSystemTime(Date.now() + 3600_000 + 1000);
    idp.refuseRefresh = true;
    const app = testApp(idp);
    const cookie = `cdash_session=${session.value}`;
    const page = await app.request(`${ORIGIN}/reports/9`, { headers: { accept: HTML, cookie } });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`${LOGIN_PATH}?return_to=%2Freports%2F9`);
    expect(cleared(page)).toBe(true);
    const api = await app.request(`${ORIGIN}/api/me`, { headers: { cookie } });
    expect(api.status).toBe(401);
    expect(cleared(api)).toBe(true);
  });

  it("ends the session at sessionTtlSeconds, whatever the tokens", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const app = testApp(idp, { sessionTtlSeconds: 600 });
    const { browser } = await signedIn(BOB, app);
    vi.setSystemTime(Date.now() + 599_000);
    expect((await browser.request("/")).status).toBe(200);
    vi.setSystemTime(Date.now() + 2000);
    const res = await browser.request("/");
    expect(res.status).toBe(302);
    expect(cleared(res)).toBe(true);
  });
});

describe("key rotation", () => {
  it("opens a cookie sealed with the old first key once it is second; unknown key = logged out", async () => {
    const { session } = await signedIn(ALICE, testApp(idp, { sessionSecrets: [SECRET_A] }));
    const cookie = `cdash_session=${session.value}`;
    const rotated = testApp(idp, { sessionSecrets: [SECRET_B, SECRET_A] });
    const ok = await rotated.request(`${ORIGIN}/`, { headers: { accept: HTML, cookie } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("home of alice@example.com");
    const dropped = testApp(idp, { sessionSecrets: [SECRET_B] });
    const res = await dropped.request(`${ORIGIN}/`, { headers: { accept: HTML, cookie } });
    expect(res.status).toBe(302);
    expect(cleared(res)).toBe(true);
  });

  it("seals new sessions with the first key", async () => {
    const { session } = await signedIn(BOB, testApp(idp, { sessionSecrets: [SECRET_B, SECRET_A] }));
    const onlyB = testApp(idp, { sessionSecrets: [SECRET_B] });
    const res = await onlyB.request(`${ORIGIN}/`, {
      headers: { accept: HTML, cookie: `cdash_session=${session.value}` },
    });
    expect(res.status).toBe(200);
  });
});
