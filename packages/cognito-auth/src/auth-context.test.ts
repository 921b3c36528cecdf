/**
 * What an app gets from the middleware: `c.get("auth")` (user, claims, groups, access token),
 * the hooks, optional auth with `requireAuth()`, and sessions split across cookies.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CognitoAuthVariables, OptionalCognitoAuthVariables } from "./auth-deps.ts";
import { cognitoAuth } from "./cognito-auth.ts";
import type { CognitoAuthOptions } from "./options.ts";
import { requireAuth } from "./require-group.ts";
import { HTML, ORIGIN, optionsFor, TestBrowser } from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => {
  idp.accessTokenShape = "opaque";
  return idp.close();
});
beforeEach(() => {
  idp.accessTokenShape = "cognito";
  idp.refreshTokenLength = 1800;
  idp.idTokenTtlSeconds = 3600;
  idp.refuseRefresh = false;
  vi.useRealTimers();
});

function app(extra: Partial<CognitoAuthOptions> = {}) {
  const app = new Hono<{ Variables: CognitoAuthVariables }>();
  app.use(cognitoAuth(optionsFor(idp, extra)));
  app.get("/api/me", (c) => c.json(c.get("auth").user));
  app.get("/api/token", async (c) => c.text(await c.get("auth").accessToken()));
  app.onError((err) =>
    err instanceof HTTPException ? err.getResponse() : new Response(err.message, { status: 500 }),
  );
  return app;
}

/** The payload of a JWT, unverified (the test only reads what it was given). */
function payloadOf(jwt: string): Record<string, unknown> {
  const part = (jwt.split(".")[1] ?? "").replaceAll("-", "+").replaceAll("_", "/");
  return JSON.parse(atob(part));
}

describe('c.get("auth")', () => {
  it("gives the user with groups and custom:* claims, and the access token", async () => {
    const browser = new TestBrowser(app());
    await browser.login(idp, { ...ALICE, custom: { tenant: "acme", tier: "gold" } });
    const user = await (await browser.request("/api/me")).json();
    expect(user).toMatchObject({
      sub: ALICE.sub,
      email: ALICE.email,
      groups: ["admins", "users"],
      claims: { "custom:tenant": "acme", "custom:tier": "gold" },
    });
    const token = await (await browser.request("/api/token")).text();
    expect(payloadOf(token)).toMatchObject({ sub: ALICE.sub, token_use: "access" });
  });

  it("renews an expired access token when asked for it, and sends the renewed session", async () => {
    const browser = new TestBrowser(app());
    await browser.login(idp, ALICE);
    const first = await (await browser.request("/api/token")).text();
    // The ID token lives on 10 s more; the access token is within its 30 s renewal margin.
    vi.useFakeTimers({ now: Date.now() + 3_590_000, toFake: ["Date"] });
    const before = idp.calls.token.length;
    const res = await browser.request("/api/token");
    expect(res.status).toBe(200);
    const renewed = await res.text();
    expect(renewed).not.toBe(first);
    expect(idp.calls.token.slice(before)).toEqual(["refresh_token"]);
    expect(res.headers.getSetCookie().some((c) => c.startsWith("cdash_session="))).toBe(true);
  });

  it("answers 401 from the access-token getter when the IdP refuses the renewal", async () => {
    const onRefreshError = vi.fn();
    const browser = new TestBrowser(app({ onRefreshError }));
    await browser.login(idp, ALICE);
    vi.useFakeTimers({ now: Date.now() + 3_590_000, toFake: ["Date"] });
    idp.refuseRefresh = true;
    const res = await browser.request("/api/token", { accept: "application/json" });
    expect(res.status).toBe(401);
    expect(onRefreshError).toHaveBeenCalledTimes(1);
    expect(onRefreshError.mock.calls[0]?.[1]).toMatchObject({ code: "unauthenticated" });
  });
});

describe("hooks", () => {
  it("onLogin adds claims to the session", async () => {
    const onLogin = vi.fn(async (_c: unknown, { user }: { user: { email: string } }) => ({
      claims: { plan: user.email.startsWith("alice") ? "pro" : "free" },
    }));
    const browser = new TestBrowser(app({ onLogin }));
    await browser.login(idp, ALICE);
    expect(onLogin).toHaveBeenCalledTimes(1);
    const user = await (await browser.request("/api/me")).json();
    expect(user.claims).toEqual({ plan: "pro" });
  });

  it("onLogin refuses a user: 403 login_refused, no session", async () => {
    const browser = new TestBrowser(
      app({ onLogin: (_c, { user }) => (user.sub === BOB.sub ? false : undefined) }),
    );
    const res = await browser.login(idp, BOB);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("login_refused");
    expect([...browser.cookies.keys()].some((name) => name.includes("session"))).toBe(false);
    expect((await new TestBrowser(app()).login(idp, ALICE)).status).toBe(302);
  });

  it("onRefreshError hears of a refused renewal of an expired ID token", async () => {
    const onRefreshError = vi.fn();
    idp.idTokenTtlSeconds = 60;
    const browser = new TestBrowser(app({ onRefreshError }));
    await browser.login(idp, ALICE);
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ["Date"] });
    idp.refuseRefresh = true;
    const res = await browser.request("/api/me", { accept: "application/json" });
    expect(res.status).toBe(401);
    expect(onRefreshError).toHaveBeenCalledTimes(1);
  });

  it("onLogout gets the user before the redirect to the hosted UI", async () => {
    const onLogout = vi.fn();
    const browser = new TestBrowser(app({ onLogout }));
    await browser.login(idp, ALICE);
    const res = await browser.request("/logout", { headers: { "sec-fetch-site": "same-origin" } });
    expect(res.status).toBe(302);
    expect(onLogout).toHaveBeenCalledTimes(1);
    expect(onLogout.mock.calls[0]?.[1]).toMatchObject({ sub: ALICE.sub });
  });

  it("refuses a hook that is not a function, naming it", () => {
    expect(() => cognitoAuth(optionsFor(idp, { onLogin: "yes" as never }))).toThrow(
      expect.objectContaining({ option: "onLogin" }),
    );
  });
});

describe("optional auth", () => {
  function optionalApp() {
    const app = new Hono<{ Variables: OptionalCognitoAuthVariables }>();
    app.use(cognitoAuth({ ...optionsFor(idp), required: false }));
    app.get("/", (c) => c.text(`hello ${c.get("auth")?.user.email ?? "stranger"}`));
    app.get("/mine", requireAuth(), (c) => c.text(`yours, ${c.get("auth").user.email}`));
    app.onError((err) =>
      err instanceof HTTPException ? err.getResponse() : new Response("", { status: 500 }),
    );
    return app;
  }

  it("gives the user when there is a session, and goes on without one, never redirecting", async () => {
    const browser = new TestBrowser(optionalApp());
    const anonymous = await browser.request("/");
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toBe("hello stranger");
    await browser.login(idp, ALICE, "/login/cognito");
    expect(await (await browser.request("/")).text()).toBe(`hello ${ALICE.email}`);
  });

  it("clears a bad cookie on the way, and still answers", async () => {
    const res = await optionalApp().request(`${ORIGIN}/`, {
      headers: { accept: HTML, cookie: "cdash_session=garbage" },
    });
    expect(await res.text()).toBe("hello stranger");
    expect(res.headers.getSetCookie().some((c) => /^cdash_session=;.*Max-Age=0/.test(c))).toBe(
      true,
    );
  });

  it("requireAuth() sends a page to the login and answers an API caller 401", async () => {
    const browser = new TestBrowser(optionalApp());
    const page = await browser.request("/mine");
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/login/cognito?return_to=%2Fmine");
    expect((await browser.request("/mine", { accept: "application/json" })).status).toBe(401);
    await browser.login(idp, BOB, "/mine");
    expect(await (await browser.request("/mine")).text()).toBe(`yours, ${BOB.email}`);
  });
});

describe("a session larger than one cookie", () => {
  const twentyGroups = Array.from(
    { length: 20 },
    (_, i) => `team-${String(i).padStart(2, "0")}-readers`,
  );

  it("is split across numbered cookies and read back whole (20 groups, Cognito-size refresh and access tokens)", async () => {
    expect(idp.refreshTokenLength).toBe(1800);
    for (const origin of [ORIGIN, "https://dash.example.com"]) {
      const browser = new TestBrowser(app(), origin);
      const done = await browser.login(idp, { ...ALICE, groups: twentyGroups });
      expect(done.status).toBe(302);
      const parts = done.headers
        .getSetCookie()
        .filter((c) => /^(__Host-)?cdash_session(\.\d)?=[^;]/.test(c));
      expect(parts.length).toBeGreaterThan(1);
      for (const part of parts) expect(part.split(";")[0]?.length).toBeLessThanOrEqual(4096);
      const me = await browser.request("/api/me");
      expect((await me.json()).groups).toEqual(twentyGroups);
      expect(
        payloadOf(await (await browser.request("/api/token")).text())["cognito:groups"],
      ).toEqual(twentyGroups);
      // Logout expires every part.
      const out = await browser.request("/logout", {
        headers: { "sec-fetch-site": "same-origin" },
      });
      const expired = out.headers.getSetCookie().filter((c) => /Max-Age=0/.test(c));
      expect(expired).toHaveLength(parts.length);
    }
  });

  it("expires parts a smaller session no longer needs", async () => {
    const browser = new TestBrowser(app());
    await browser.login(idp, { ...ALICE, groups: twentyGroups });
    expect(browser.cookies.has("cdash_session.1")).toBe(true);
    idp.accessTokenShape = "opaque";
    await browser.login(idp, BOB, "/login/cognito");
    expect(browser.cookies.has("cdash_session.1")).toBe(false);
    expect(await (await browser.request("/api/me")).json()).toMatchObject({ sub: BOB.sub });
  });

  it("is refused with a clear 400 past the bound, not a login loop", async () => {
    const groups = Array.from({ length: 400 }, (_, i) => `a-rather-long-group-name-number-${i}`);
    const browser = new TestBrowser(app());
    const res = await browser.login(idp, { ...ALICE, groups });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Error code: session_too_large");
    expect([...browser.cookies.keys()].some((name) => name.includes("session"))).toBe(false);
  });
});

describe("keepAccessToken: false", () => {
  it("keeps a Cognito-size session in one cookie, through renewals, and accessToken() names the option", async () => {
    idp.idTokenTtlSeconds = 60;
    const browser = new TestBrowser(app({ keepAccessToken: false }));
    const done = await browser.login(idp, ALICE);
    const parts = (res: Response) =>
      res.headers.getSetCookie().filter((c) => /^cdash_session(\.\d)?=[^;]/.test(c));
    expect(parts(done)).toHaveLength(1);
    expect(browser.cookies.has("cdash_session.1")).toBe(false);
    expect((await (await browser.request("/api/me")).json()).sub).toBe(ALICE.sub);
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ["Date"] });
    const renewed = await browser.request("/api/me");
    expect(renewed.status).toBe(200);
    expect(parts(renewed)).toHaveLength(1);
    const token = await browser.request("/api/token");
    expect(token.status).toBe(500);
    expect(await token.text()).toContain('option "keepAccessToken" is false');
    const withToken = new TestBrowser(app());
    expect(parts(await withToken.login(idp, ALICE))).toHaveLength(2);
  });

  it("is true or false", () => {
    expect(() => cognitoAuth(optionsFor(idp, { keepAccessToken: "no" as never }))).toThrow(
      /keepAccessToken/,
    );
  });
});
