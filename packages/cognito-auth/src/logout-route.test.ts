import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AFTER_LOGOUT_PATH, LOGIN_PATH, LOGOUT_PATH } from "./testing/routes.ts";
import { HTML, ORIGIN, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
afterEach(() => {
  idp.failRevoke = false;
});

async function signedIn() {
  const browser = new TestBrowser(testApp(idp));
  await browser.login(idp, ALICE);
  const me = await browser.request("/api/me", { accept: "application/json" });
  const { csrf } = (await me.json()) as { csrf: string };
  return { browser, csrf, nextRevoke: idp.calls.revoke.length };
}

function expectIdpLogout(res: Response) {
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(`${idp.url}/logout`);
  expect(location.searchParams.get("client_id")).toBe(idp.clientId);
  expect(location.searchParams.get("logout_uri")).toBe(`${ORIGIN}${AFTER_LOGOUT_PATH}`);
  expect(location.search).not.toMatch(/token/i);
}

const form = (body: string) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body,
});

describe("logout", () => {
  it("by GET: expires the cookie, revokes the refresh token, goes to the IdP's /logout", async () => {
    const { browser, nextRevoke } = await signedIn();
    const res = await browser.request(LOGOUT_PATH);
    expectIdpLogout(res);
    expect(res.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^cdash_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/),
    ]);
    expect(idp.calls.revoke.slice(nextRevoke)).toEqual([expect.stringMatching(/^.{1800}$/)]);
    const after = await browser.request("/");
    expect([after.status, after.headers.get("location")]).toEqual([302, LOGIN_PATH]);
  });

  it("by GET from another site: refused (403 page), the session kept and its token not revoked", async () => {
    const { browser, nextRevoke } = await signedIn();
    for (const site of ["cross-site", "same-site"]) {
      const res = await browser.request(LOGOUT_PATH, { headers: { "sec-fetch-site": site } });
      expect(res.status, site).toBe(403);
      expect(res.headers.get("location"), site).toBeNull();
      expect(await res.text()).toContain("Error code: csrf_mismatch");
    }
    expect(idp.calls.revoke.length).toBe(nextRevoke);
    expect((await browser.request("/api/me", { accept: "application/json" })).status).toBe(200);
    // A link inside the app, or the address typed in, still logs out.
    for (const site of ["same-origin", "none"]) {
      const again = await signedIn();
      const res = await again.browser.request(LOGOUT_PATH, { headers: { "sec-fetch-site": site } });
      expectIdpLogout(res);
      expect(again.browser.cookies.has("cdash_session"), site).toBe(false);
    }
  });

  it("by POST with the session's CSRF token", async () => {
    const { browser, csrf, nextRevoke } = await signedIn();
    const res = await browser.request(LOGOUT_PATH, form(`_csrf=${csrf}`));
    expectIdpLogout(res);
    expect(browser.cookies.has("cdash_session")).toBe(false);
    expect(idp.calls.revoke.length).toBe(nextRevoke + 1);
  });

  it("refuses a POST without, or with a wrong, CSRF token (403 page), keeping the session", async () => {
    const { browser, csrf } = await signedIn();
    const attempts = [
      form(""),
      form("_csrf="),
      form(`_csrf=${csrf.slice(0, -1)}`),
      form(`_csrf=${csrf}&_csrf=${csrf}`),
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: `{"_csrf":"${csrf}"}`,
      },
      form(`_csrf=${csrf}&pad=${"x".repeat(10_000)}`),
    ];
    for (const init of attempts) {
      const res = await browser.request(LOGOUT_PATH, init);
      expect(res.status).toBe(403);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain("Error code: csrf_mismatch");
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect((await browser.request("/")).status).toBe(200);
  });

  it("answers a refused API logout with 403 JSON", async () => {
    const { browser } = await signedIn();
    const res = await browser.request(LOGOUT_PATH, {
      ...form("_csrf=nope"),
      accept: "application/json",
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "csrf_mismatch", message: expect.any(String) });
  });

  it("is not blocked when the IdP fails to revoke", async () => {
    const { browser, csrf, nextRevoke } = await signedIn();
    idp.failRevoke = true;
    const res = await browser.request(LOGOUT_PATH, form(`_csrf=${csrf}`));
    expectIdpLogout(res);
    expect(idp.calls.revoke.length).toBe(nextRevoke + 1);
    expect((await browser.request("/")).status).toBe(302);
  });

  it("is not blocked when the IdP cannot be reached at all", async () => {
    const { browser } = await signedIn();
    const offline = testApp(idp, { domain: "http://127.0.0.1:9" });
    const res = await offline.request(`${ORIGIN}${LOGOUT_PATH}`, {
      headers: { cookie: browser.cookieHeader("/"), accept: HTML },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:9\/logout\?/);
  });

  it("without a session still goes to the IdP's /logout, by GET and by POST", async () => {
    const app = testApp(idp);
    expectIdpLogout(await app.request(`${ORIGIN}${LOGOUT_PATH}`));
    expectIdpLogout(await app.request(`${ORIGIN}${LOGOUT_PATH}`, form("")));
  });

  it("finds the session behind a garbage cookie of the same name, and revokes its token", async () => {
    const { browser, nextRevoke } = await signedIn();
    const res = await testApp(idp).request(`${ORIGIN}${LOGOUT_PATH}`, {
      headers: { accept: HTML, cookie: `cdash_session=junk; ${browser.cookieHeader("/")}` },
    });
    expectIdpLogout(res);
    expect(idp.calls.revoke.slice(nextRevoke)).toEqual([expect.stringMatching(/^.{1800}$/)]);
  });

  it("refuses other methods with 405", async () => {
    const res = await testApp(idp).request(`${ORIGIN}${LOGOUT_PATH}`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect((await testApp(idp).request(`${ORIGIN}${LOGIN_PATH}`, form(""))).status).toBe(405);
  });
});
