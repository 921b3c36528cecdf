import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cognitoAuth } from "./cognito-auth.ts";
import { CognitoAuthError } from "./errors.ts";
import { HTML, ORIGIN, optionsFor, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
afterEach(() => {
  idp.publicClient = false;
  vi.useRealTimers();
});

describe("talking to the IdP", () => {
  it("fetches the JWKS once per middleware, not per login", async () => {
    const app = testApp(idp);
    const before = idp.calls.jwks;
    await new TestBrowser(app).login(idp, ALICE);
    await new TestBrowser(app).login(idp, BOB);
    expect(idp.calls.jwks - before).toBe(1);
  });

  it("works as a public client (clientSecret: null sends client_id, no Basic auth)", async () => {
    idp.publicClient = true;
    const browser = new TestBrowser(testApp(idp, { clientSecret: null }));
    expect((await browser.login(idp, ALICE)).status).toBe(302);
    expect((await browser.request("/")).status).toBe(200);
  });

  it("refuses a client the IdP does not know (wrong secret) with a 4xx page", async () => {
    const browser = new TestBrowser(testApp(idp, { clientSecret: "wrong-secret" }));
    const res = await browser.login(idp, ALICE);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Error code: code_rejected");
  });

  it("answers 503 with Retry-After when the IdP is unreachable at the callback", async () => {
    const browser = new TestBrowser(testApp(idp, { domain: "http://127.0.0.1:9" }));
    const authorize = new URL(await browser.startLogin("/"));
    const q = authorize.searchParams;
    const callback = await idp.authorize(`${idp.url}/oauth2/authorize${authorize.search}`, ALICE);
    expect(q.get("state")).toBe(new URL(callback).searchParams.get("state"));
    const res = await browser.request(callback);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.text()).toContain("Error code: idp_unavailable");
  });

  it("keeps the session when the IdP is unreachable during a renewal (503, retry later)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const browser = new TestBrowser(testApp(idp));
    await browser.login(idp, ALICE);
    const cookie = browser.cookieHeader("/");
    vi.setSystemTime(Date.now() + 3601_000);
    const offline = testApp(idp, { domain: "http://127.0.0.1:9" });
    const res = await offline.request(`${ORIGIN}/api/me`, { headers: { cookie } });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.getSetCookie()).toEqual([]);
    expect((await browser.request("/")).status).toBe(200);
  });
});

describe("a new container's first login", () => {
  it("fetches the JWKS while the code is exchanged, not after", async () => {
    // The token endpoint answers only once the JWKS has been asked for: in series (exchange, then
    // keys) the callback would wait out the deadline and fail; in parallel it signs in.
    idp.tokenWaitsForJwks = true;
    try {
      const browser = new TestBrowser(testApp(idp, { idpTimeoutMs: 1_000 }));
      const res = await browser.login(idp, ALICE);
      expect(res.status).toBe(302);
      expect((await browser.request("/")).status).toBe(200);
    } finally {
      idp.tokenWaitsForJwks = false;
    }
  });
});

describe("limits", () => {
  it("refuses a session too big for a cookie with a clear 400, not a login loop", async () => {
    const groups = Array.from({ length: 400 }, (_, i) => `a-rather-long-group-name-number-${i}`);
    const browser = new TestBrowser(testApp(idp));
    const res = await browser.login(idp, { ...ALICE, groups });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Error code: session_too_large");
    expect(browser.cookies.size).toBe(0);
  });

  it("answers 503 when the JWKS cannot be fetched", async () => {
    const browser = new TestBrowser(testApp(idp, { jwksUri: "http://127.0.0.1:9/jwks.json" }));
    const res = await browser.login(idp, ALICE);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("Error code: idp_unavailable");
  });

  it("marks protected responses private, and makes an app's shared caching private", async () => {
    const app = testApp(idp);
    app.get("/cached", (c) => c.text("x", 200, { "cache-control": "public, max-age=60" }));
    const browser = new TestBrowser(app);
    await browser.login(idp, BOB);
    expect((await browser.request("/")).headers.get("cache-control")).toBe("private");
    expect((await browser.request("/cached")).headers.get("cache-control")).toBe(
      "private, max-age=60",
    );
  });
});

describe("HTTPException contract", () => {
  it("lets an app restyle refusals in onError and keep status and cookies", async () => {
    const app = new Hono();
    app.use(cognitoAuth(optionsFor(idp)));
    app.get("/", (c) => c.text("home"));
    app.onError((err, c) => {
      if (err instanceof HTTPException && err.cause instanceof CognitoAuthError) {
        const original = err.getResponse();
        const res = c.text(`styled ${err.cause.code}`, err.cause.status as 401);
        for (const cookie of original.headers.getSetCookie())
          res.headers.append("set-cookie", cookie);
        return res;
      }
      return c.text("internal", 500);
    });
    const res = await app.request(`${ORIGIN}/`, {
      headers: { accept: "application/json", cookie: "cdash_session=garbage" },
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toBe("styled unauthenticated");
    expect(res.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^cdash_session=;.*Max-Age=0/),
    ]);
  });

  it("serves HEAD on the login like GET", async () => {
    const res = await testApp(idp).request(`${ORIGIN}/login/cognito`, {
      method: "HEAD",
      headers: { accept: HTML },
    });
    expect(res.status).toBe(302);
  });
});
