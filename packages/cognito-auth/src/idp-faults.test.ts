/**
 * The IdP down, slow or talking nonsense, over real HTTP: every answer comes within the deadline
 * (plus a margin for a busy machine), a session is never ended by it, and the next login after
 * the IdP recovers works in the same process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { HTML, ORIGIN, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, BOB, type Fault, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

/** Deadline of each IdP call in these tests: short, yet ample for a healthy call on a busy machine. */
const DEADLINE_MS = 700;
/** A renewal may make two calls in series (refresh, then the JWKS); the rest is a busy machine. */
const BOUND_MS = 2 * DEADLINE_MS + 3_000;
const FAULTS: Fault[] = ["stall", "trickle", "html", "empty", "huge", "redirect", "500", "429"];

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
afterEach(() => {
  idp.faults = {};
  idp.publishKeys();
  vi.useRealTimers();
});

/** A fresh middleware (a new Lambda container: nothing cached) pointed at the test IdP. */
const freshApp = () => testApp(idp, { idpTimeoutMs: DEADLINE_MS });

/** `promise`, or a failure naming `what` if it has not settled within {@link BOUND_MS}. */
async function answered<T>(what: string, promise: T | Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: no answer within ${BOUND_MS} ms`)),
      BOUND_MS,
    );
  });
  try {
    return await Promise.race([promise, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

/** A signed-in browser whose ID token has expired (the clock moved past it), and its cookie. */
async function expiredSession(user = ALICE) {
  vi.useFakeTimers({ toFake: ["Date"] });
  const browser = new TestBrowser(freshApp());
  expect((await browser.login(idp, user)).status).toBe(302);
  const cookie = browser.cookieHeader("/");
  vi.setSystemTime(Date.now() + idp.idTokenTtlSeconds * 1000 + 1000);
  return cookie;
}

async function expectUnavailable(res: Response, api: boolean) {
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).toBe("5");
  if (api) expect(await res.json()).toMatchObject({ error: "idp_unavailable" });
  else expect(await res.text()).toContain("Error code: idp_unavailable");
}

describe.each(FAULTS)("the IdP answering %s", (fault) => {
  for (const endpoint of ["token", "jwks"] as const) {
    it(`at the callback (${endpoint}): 503 in time, no session, the next login works`, async () => {
      const app = freshApp();
      const browser = new TestBrowser(app);
      const callback = await idp.authorize(await browser.startLogin("/reports/1"), ALICE);
      idp.faults[endpoint] = fault;
      await expectUnavailable(await answered("callback", browser.request(callback)), false);
      expect(browser.cookies.has("cdash_session")).toBe(false);
      idp.faults = {};
      const again = await answered("login after recovery", browser.login(idp, ALICE, "/reports/2"));
      expect([again.status, again.headers.get("location")]).toEqual([302, "/reports/2"]);
      expect((await browser.request("/")).status).toBe(200);
    });

    it(`at a renewal (${endpoint}): 503 in time, the session kept, renewed once it recovers`, async () => {
      const cookie = await expiredSession();
      const app = freshApp();
      // An API call gets JSON, a page the 503 page: one of each over the two endpoints.
      const api = endpoint === "token";
      const [path, accept] = api ? ["/api/me", "application/json"] : ["/", HTML];
      idp.faults[endpoint] = fault;
      const res = await answered(
        "renewal",
        app.request(`${ORIGIN}${path}`, { headers: { accept, cookie } }),
      );
      expect(res.headers.getSetCookie(), "the session is kept").toEqual([]);
      await expectUnavailable(res, api);
      idp.faults = {};
      const again = await answered(
        "renewal after recovery",
        app.request(`${ORIGIN}${path}`, { headers: { accept, cookie } }),
      );
      expect(again.status).toBe(200);
      expect(again.headers.getSetCookie()[0]).toMatch(/^cdash_session=ey/);
    });
  }

  it("at logout (revoke): logged out in time all the same", async () => {
    const browser = new TestBrowser(freshApp());
    await browser.login(idp, BOB);
    idp.faults.revoke = fault;
    const res = await answered("logout", browser.request("/logout"));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/\/logout\?client_id=/);
    expect(browser.cookies.has("cdash_session")).toBe(false);
  });
});

describe("a stalled IdP never holds a later request", () => {
  it("a JWKS that stalled mid-body is fetched again once it answers", async () => {
    const cookie = await expiredSession();
    const app = freshApp();
    idp.faults.jwks = "trickle";
    const first = await answered("first", app.request(`${ORIGIN}/api/me`, { headers: { cookie } }));
    expect(first.status).toBe(503);
    // The trickling answer is still open on the IdP's side; the next request does not wait on it.
    idp.faults = {};
    const jwksCalls = idp.calls.jwks;
    const next = await answered("next", app.request(`${ORIGIN}/api/me`, { headers: { cookie } }));
    expect(next.status).toBe(200);
    expect(idp.calls.jwks).toBe(jwksCalls + 1);
  });

  it("other users are served while one renewal waits on a stalled token endpoint", async () => {
    const expired = await expiredSession(ALICE);
    // A longer deadline, so that Alice's renewal is surely still waiting when Bob is answered.
    const app = testApp(idp, { idpTimeoutMs: 3_000 });
    const bob = new TestBrowser(app);
    await bob.login(idp, BOB);
    idp.faults.token = "stall";
    const stalled = Promise.resolve(
      app.request(`${ORIGIN}/api/me`, { headers: { cookie: expired } }),
    );
    // Bob needs no IdP call: answered while Alice's renewal is still waiting.
    let aliceDone = false;
    void stalled.then(() => {
      aliceDone = true;
    });
    const res = await bob.request("/api/me", { accept: "application/json" });
    expect(res.status).toBe(200);
    expect(aliceDone).toBe(false);
    expect((await answered("stalled renewal", stalled)).status).toBe(503);
  });
});

describe("key rotation", () => {
  it("a token signed with a new key is verified at once: the JWKS is fetched again", async () => {
    const app = freshApp();
    expect((await new TestBrowser(app).login(idp, ALICE)).status).toBe(302);
    await idp.rotateKey();
    const browser = new TestBrowser(app);
    expect((await browser.login(idp, BOB)).status).toBe(302);
    expect((await browser.request("/")).status).toBe(200);
  });

  it("a key missing from a stale JWKS is 503, not 'invalid', and no penalty outlasts it", async () => {
    const app = freshApp();
    expect((await new TestBrowser(app).login(idp, ALICE)).status).toBe(302);
    await idp.rotateKey({ published: false });
    const browser = new TestBrowser(app);
    await expectUnavailable(await answered("stale", browser.login(idp, BOB)), false);
    // Many more at once share fetches and all fail softly; known keys are not at stake.
    const burst = await Promise.all(
      Array.from({ length: 10 }, () => new TestBrowser(app).login(idp, BOB)),
    );
    expect(burst.map((r) => r.status)).toEqual(Array(10).fill(503));
    // The JWKS catches up: the very next login works, no 10-second wait.
    idp.publishKeys();
    expect((await answered("after", browser.login(idp, BOB))).status).toBe(302);
  });

  it("a renewal signed with a new key keeps the session and renews", async () => {
    const cookie = await expiredSession();
    const app = freshApp();
    await idp.rotateKey();
    const res = await app.request(`${ORIGIN}/api/me`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toHaveLength(1);
  });
});
