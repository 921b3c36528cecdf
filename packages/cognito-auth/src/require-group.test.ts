import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireGroup } from "./require-group.ts";
import { HTML, ORIGIN, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());

describe("requireGroup", () => {
  it("lets a member through", async () => {
    const browser = new TestBrowser(testApp(idp));
    await browser.login(idp, ALICE);
    const res = await browser.request("/admin");
    expect([res.status, await res.text()]).toEqual([200, "admin area"]);
  });

  it("gives a non-member a 403 page for pages and 403 JSON for API calls, never a redirect", async () => {
    const browser = new TestBrowser(testApp(idp));
    await browser.login(idp, BOB);
    const page = await browser.request("/admin");
    expect(page.status).toBe(403);
    expect(page.headers.get("location")).toBeNull();
    const html = await page.text();
    expect(html).toContain("Error code: not_in_group");
    expect(html).toContain('<a href="/">Back to the home page</a>');
    for (const [path, accept] of [
      ["/api/admin", HTML],
      ["/admin", "application/json"],
    ] as const) {
      const res = await browser.request(path, { accept });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ error: "not_in_group", message: expect.any(String) });
    }
  });

  it("refuses with the middleware's own routes and API prefix, also from the cache (no request info recorded)", async () => {
    const extra = { apiPrefix: "/v2", routes: { login: "/auth/in" } };
    const app = testApp(idp, extra);
    app.get("/v2/admin", requireGroup("admins"), (c) => c.json({ ok: true }));
    const browser = new TestBrowser(app);
    await browser.login(idp, BOB, "/auth/in");
    // The first requests open the session; later ones come from the cache (the hit path).
    for (let i = 0; i < 4; i++) {
      const page = await browser.request("/admin");
      expect(page.status).toBe(403);
      expect(await page.text()).toContain('href="/auth/in"');
      const api = await browser.request("/v2/admin", { accept: HTML });
      expect([api.status, (await api.json()).error]).toEqual([403, "not_in_group"]);
    }
  });

  it("sends an anonymous page visitor to the login first (cognitoAuth runs before)", async () => {
    const res = await testApp(idp).request(`${ORIGIN}/admin`, { headers: { accept: HTML } });
    expect(res.status).toBe(302);
  });

  it("refuses with 401 when cognitoAuth is not mounted, rather than guessing", async () => {
    const app = new Hono();
    app.get("/admin", requireGroup("admins"), (c) => c.text("admin area"));
    const res = await app.request(`${ORIGIN}/admin`, { headers: { accept: "application/json" } });
    expect(res.status).toBe(401);
  });

  it("throws at creation for an empty group name", () => {
    expect(() => requireGroup("")).toThrow(/"group"/);
    expect(() => requireGroup(" ")).toThrow(/"group"/);
  });
});
