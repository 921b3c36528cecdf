// The re-check of a live session with Cognito: at most once per `recheckSeconds`, a refused
// session signed out at its next request, an unreachable Cognito keeping it. A frozen clock moves
// instead of anyone sleeping.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CognitoAuthOptionError } from "./errors.ts";
import { RETRY_MS } from "./session-recheck.ts";
import { LOGIN_PATH } from "./testing/routes.ts";
import { HTML, ORIGIN, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp, type TestUser } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
afterEach(() => {
  idp.faults = {};
  idp.refuseRefresh = false;
  vi.useRealTimers();
});

const cleared = (res: Response) =>
  res.headers.getSetCookie().some((c) => /^cdash_session=;.*Max-Age=0/.test(c));
const resealed = (res: Response) =>
  res.headers.getSetCookie().some((c) => /^cdash_session=[\w-]/.test(c));

/** Signs `user` in with the clock frozen at now; returns the browser and a clock mover. */
async function signedIn(user: TestUser = BOB, app = testApp(idp)) {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  const browser = new TestBrowser(app);
  expect((await browser.login(idp, user)).status).toBe(302);
  const later = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);
  return { browser, later, calls: () => idp.calls.token.length };
}

describe("re-checks with Cognito", () => {
  it("at most once per interval (60 s by default), with the refresh grant, resealing the cookie", async () => {
    const { browser, later, calls } = await signedIn();
    const before = calls();
    later(59);
    const quiet = await browser.request("/api/me", { accept: "application/json" });
    expect(quiet.status).toBe(200);
    expect(quiet.headers.getSetCookie()).toEqual([]);
    expect(calls()).toBe(before);

    later(1);
    const checked = await browser.request("/api/me", { accept: "application/json" });
    expect(checked.status).toBe(200);
    expect(resealed(checked)).toBe(true);
    expect(idp.calls.token.slice(before)).toEqual(["refresh_token"]);
    // The resealed cookie says when: the next minute is quiet again.
    later(59);
    expect((await browser.request("/")).status).toBe(200);
    expect(calls()).toBe(before + 1);
    later(1);
    expect((await browser.request("/")).status).toBe(200);
    expect(calls()).toBe(before + 2);
  });

  it("signs out a user Cognito refuses (signed out everywhere, disabled, deleted) at their first request after the interval: 302 for pages, 401 for API", async () => {
    const { browser, later } = await signedIn();
    const cookie = browser.cookieHeader("/");
    idp.refuseRefresh = true;
    // Within the interval the cookie is still a session: this is the bound, not zero.
    later(30);
    expect((await browser.request("/api/me", { accept: "application/json" })).status).toBe(200);
    later(30);
    const page = await testApp(idp).request(`${ORIGIN}/reports/9`, {
      headers: { accept: HTML, cookie },
    });
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`${LOGIN_PATH}?return_to=%2Freports%2F9`);
    expect(cleared(page)).toBe(true);
    const api = await browser.request("/api/me", { accept: "application/json" });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: "unauthenticated" });
    expect(cleared(api)).toBe(true);
  });

  it("gives a demoted user their new groups at the re-check", async () => {
    const carol: TestUser = {
      ...ALICE,
      sub: "carol-sub",
      username: "carol",
      email: "carol@example.com",
      groups: ["admins"],
    };
    const { browser, later } = await signedIn(carol);
    expect((await browser.request("/admin")).status).toBe(200);
    carol.groups = [];
    later(10);
    expect((await browser.request("/admin")).status).toBe(200);
    later(60);
    expect((await browser.request("/admin")).status).toBe(403);
  });

  it("holds per session, not per container: every instance reads the time from the cookie", async () => {
    const containers = [testApp(idp), testApp(idp), testApp(idp)];
    const { browser, later, calls } = await signedIn(BOB, containers[0]);
    const before = calls();
    later(50);
    for (const app of containers) {
      const res = await app.request(`${ORIGIN}/api/me`, {
        headers: { cookie: browser.cookieHeader("/") },
      });
      expect(res.status).toBe(200);
    }
    expect(calls(), "no container checks within the interval").toBe(before);
    later(11);
    idp.refuseRefresh = true;
    for (const app of containers) {
      const res = await app.request(`${ORIGIN}/api/me`, {
        headers: { cookie: browser.cookieHeader("/") },
      });
      expect(res.status, "each one checks once it is due").toBe(401);
    }
  });

  it("makes one call for parallel requests due at once", async () => {
    const { browser, later, calls } = await signedIn();
    const before = calls();
    later(61);
    const cookie = browser.cookieHeader("/");
    const app = testApp(idp);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => app.request(`${ORIGIN}/api/me`, { headers: { cookie } })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(answers.every(resealed)).toBe(true);
    expect(calls()).toBe(before + 1);
  });

  it("keeps the session when Cognito is down, slow or talking nonsense (no 503, no cookie), and asks again after a while, not at every request", async () => {
    for (const fault of ["500", "429", "html", "stall"] as const) {
      // A stall costs the deadline once; a healthy call on a busy machine must fit in it.
      const { browser, later } = await signedIn(BOB, testApp(idp, { idpTimeoutMs: 1_000 }));
      later(61);
      idp.faults.token = fault;
      const kept = await browser.request("/api/me", { accept: "application/json" });
      expect(kept.status, fault).toBe(200);
      expect(kept.headers.getSetCookie(), fault).toEqual([]);
      // Cognito back, and now refusing the session: a request within the retry window is not
      // checked (so it is still served), the first one after it is.
      idp.faults = {};
      idp.refuseRefresh = true;
      later(RETRY_MS / 1000 - 1);
      expect((await browser.request("/")).status, fault).toBe(200);
      later(1);
      expect((await browser.request("/")).status, fault).toBe(302);
      idp.refuseRefresh = false;
      vi.useRealTimers();
    }
  });

  it("passes the check again once Cognito answers, resealing the cookie", async () => {
    const { browser, later, calls } = await signedIn();
    later(61);
    idp.faults.token = "500";
    expect((await browser.request("/")).status).toBe(200);
    idp.faults = {};
    later(RETRY_MS / 1000);
    const before = calls();
    const passed = await browser.request("/api/me", { accept: "application/json" });
    expect(passed.status).toBe(200);
    expect(resealed(passed)).toBe(true);
    expect(calls()).toBe(before + 1);
  });

  it("still ends a refused session after Cognito was unreachable for it", async () => {
    const { browser, later } = await signedIn();
    later(61);
    idp.faults.token = "500";
    expect((await browser.request("/")).status).toBe(200);
    idp.faults = {};
    idp.refuseRefresh = true;
    later(RETRY_MS / 1000);
    expect((await browser.request("/")).status).toBe(302);
  });

  it("follows recheckSeconds, and null or false turns re-checks off", async () => {
    const every10 = await signedIn(BOB, testApp(idp, { recheckSeconds: 10 }));
    const before = every10.calls();
    every10.later(10);
    expect((await every10.browser.request("/")).status).toBe(200);
    expect(every10.calls()).toBe(before + 1);
    vi.useRealTimers();

    for (const off of [null, false] as const) {
      const { browser, later, calls } = await signedIn(BOB, testApp(idp, { recheckSeconds: off }));
      const quiet = calls();
      idp.refuseRefresh = true;
      // Until the ID token expires (an hour at the test IdP), nothing is asked.
      later(3599);
      expect((await browser.request("/")).status).toBe(200);
      expect(calls()).toBe(quiet);
      idp.refuseRefresh = false;
      vi.useRealTimers();
    }
  });

  it("refuses a recheckSeconds that is not a whole number of seconds from 1 to a day", () => {
    for (const bad of [0, -1, 1.5, 86_401, "60", Number.NaN, true]) {
      try {
        testApp(idp, { recheckSeconds: bad as number });
        expect.unreachable(String(bad));
      } catch (error) {
        expect(error).toBeInstanceOf(CognitoAuthOptionError);
        expect((error as CognitoAuthOptionError).option).toBe("recheckSeconds");
      }
    }
  });
});
