import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CALLBACK_PATH, LOGIN_PATH } from "./testing/routes.ts";
import { HTML, ORIGIN, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
beforeEach(() => {
  idp.tamper = undefined;
});

describe("the login chain", () => {
  it("sends an unauthenticated page request to the login, remembering path and query", async () => {
    const app = testApp(idp);
    const res = await app.request(`${ORIGIN}/reports/7?tab=a%20b`, { headers: { accept: HTML } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(
      `${LOGIN_PATH}?return_to=${encodeURIComponent("/reports/7?tab=a%20b")}`,
    );
  });

  it("redirects the login to the hosted UI with code flow, state, nonce and PKCE S256", async () => {
    const app = testApp(idp);
    const res = await app.request(`${ORIGIN}${LOGIN_PATH}?return_to=%2Freports%2F7`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(`${idp.url}/oauth2/authorize`);
    const q = location.searchParams;
    expect(q.get("response_type")).toBe("code");
    expect(q.get("client_id")).toBe(idp.clientId);
    expect(q.get("redirect_uri")).toBe(`${ORIGIN}${CALLBACK_PATH}`);
    expect(q.get("scope")).toBe("openid email profile");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(q.get("nonce")).toMatch(/^[\w-]{43}$/);
    const state = q.get("state") ?? "";
    expect(state).toMatch(/^[\w-]{16}\.[\w-]{43}$/);
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(new RegExp(`^cdash_tx_${state.slice(0, 16)}=`));
    expect(cookie).toContain(`; Path=${LOGIN_PATH};`);
    expect(cookie).toContain("Max-Age=600");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
    // The PKCE verifier stays in the sealed cookie, never in a URL.
    expect(q.has("code_verifier")).toBe(false);
    expect(cookie).not.toContain(q.get("nonce"));
  });

  it("logs in, lands on the deep link, and exposes the user to pages and /api/me", async () => {
    const browser = new TestBrowser(testApp(idp));
    const callback = await browser.login(idp, ALICE, "/reports/7?tab=x");
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/reports/7?tab=x");
    const cookies = callback.headers.getSetCookie();
    expect(cookies.some((c) => /^cdash_tx_[\w-]{16}=;.*Max-Age=0/.test(c))).toBe(true);
    const session = cookies.find((c) => c.startsWith("cdash_session="));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
    expect(session).not.toMatch(/Secure/);
    expect([...browser.cookies.keys()]).toEqual(["cdash_session"]);

    const page = await browser.request("/reports/7?tab=x");
    expect(page.status).toBe(200);
    expect(await page.text()).toBe("report 7 for alice@example.com");
    const me = await browser.request("/api/me", { accept: "application/json" });
    expect(me.status).toBe(200);
    const user = await me.json();
    expect(user).toMatchObject({
      sub: ALICE.sub,
      username: "alice",
      email: "alice@example.com",
      name: "Alice Admin",
      groups: ["admins", "users"],
    });
    expect(user.sessionExpiresAt).toBeGreaterThan(Date.now() + 7 * 3600_000);
    expect(user.csrf).toMatch(/^[\w-]{43}$/);
  });

  it("lets two tabs of one browser log in at the same time", async () => {
    const browser = new TestBrowser(testApp(idp));
    const tab1 = await browser.startLogin("/reports/1");
    const tab2 = await browser.startLogin("/reports/2");
    expect([...browser.cookies.keys()].filter((n) => n.startsWith("cdash_tx_"))).toHaveLength(2);
    const back1 = await browser.request(await idp.authorize(tab1, ALICE));
    const back2 = await browser.request(await idp.authorize(tab2, ALICE));
    expect([back1.status, back1.headers.get("location")]).toEqual([302, "/reports/1"]);
    expect([back2.status, back2.headers.get("location")]).toEqual([302, "/reports/2"]);
    expect((await browser.request("/")).status).toBe(200);
  });

  it("uses the __Host- prefixed, Secure session cookie over https", async () => {
    const browser = new TestBrowser(testApp(idp), "https://dash.example.com");
    const res = await browser.login(idp, BOB);
    const session = res.headers.getSetCookie().find((c) => c.includes("cdash_session="));
    expect(session).toMatch(/^__Host-cdash_session=.*; Path=\/; .*Secure/);
    // The attempt cookie too: __Host- (no cookie tossing from a sibling domain), so Path=/.
    const attempt = res.headers.getSetCookie().find((c) => c.includes("cdash_tx_"));
    expect(attempt).toMatch(/^__Host-cdash_tx_[\w-]{16}=; Max-Age=0; Path=\/; HttpOnly; Secure/);
    expect(await (await browser.request("/")).text()).toBe("home of bob@example.com");
  });

  it("uses baseUrl for the redirect_uri and https cookies behind a proxy", async () => {
    const app = testApp(idp, { baseUrl: "https://dash.example.com" });
    const res = await app.request("http://10.0.0.7:8080/login/cognito");
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.searchParams.get("redirect_uri")).toBe(
      `https://dash.example.com${CALLBACK_PATH}`,
    );
    expect(res.headers.getSetCookie()[0]).toMatch(/Secure/);
  });

  it("answers an unauthenticated API call with 401 JSON, never a redirect", async () => {
    const app = testApp(idp);
    for (const [path, accept] of [
      ["/api/me", HTML],
      ["/reports/1", "application/json"],
      ["/", "*/*"],
    ] as const) {
      const res = await app.request(`${ORIGIN}${path}`, { headers: { accept } });
      expect(res.status).toBe(401);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.json()).toEqual({
        error: "unauthenticated",
        message: expect.any(String),
      });
    }
  });

  it("keeps public paths public and protects unknown paths", async () => {
    const app = testApp(idp);
    expect((await app.request(`${ORIGIN}/healthz`)).status).toBe(200);
    const unknown = await app.request(`${ORIGIN}/no/such/page`, { headers: { accept: HTML } });
    expect(unknown.status).toBe(302);
  });

  it("never answers junk with a 5xx, on any route", async () => {
    const app = testApp(idp);
    const paths = [
      `${LOGIN_PATH}?return_to=%`,
      `${LOGIN_PATH}?return_to=%00`,
      `${LOGIN_PATH}?return_to[]=x`,
      `${LOGIN_PATH}?&&&=&=`,
      `${CALLBACK_PATH}?%%%`,
      "/logout?%E0%A4%A",
      "/%E0%A4%A",
      "/%00",
      `/${"a/".repeat(2000)}`,
      "/api/%2e%2e/%2e%2e/admin",
      "/healthz/../admin",
    ];
    const headerSets: Record<string, string>[] = [
      { accept: HTML },
      { accept: "application/json" },
      { accept: HTML, cookie: "cdash_session=%E0%A4%A; cdash_tx_x=%" },
      { accept: HTML, cookie: `cdash_session=${"a.".repeat(2000)}` },
      { accept: "text/*;q=0, */*;q=0.1, ;;;" },
    ];
    for (const path of paths) {
      for (const headers of headerSets) {
        for (const method of ["GET", "POST", "PUT"]) {
          const res = await app.request(`${ORIGIN}${path}`, { method, headers });
          expect(res.status, `${method} ${path}`).toBeLessThan(500);
        }
      }
    }
  });
});
