// Binds the registered local ports: run under `flock /tmp/ports.lock`.
import type { LocalServer } from "@cognito-dashboard/dashboard";
import { CALLBACK_PATH, LOCAL_PORTS, SIGNED_OUT_PATH } from "@cognito-dashboard/local-dev";
import type { MockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "./browser.ts";
import {
  ADMIN,
  apiMe,
  DEMO,
  describeHops,
  expectSignedOut,
  KEY_1,
  logIn,
  logOutWithButton,
  startDashboard,
  startIdp,
} from "./harness.ts";

let idp: MockIdp;

beforeAll(async () => {
  idp = await startIdp();
});
afterAll(async () => {
  await idp?.stop();
});

describe.each(LOCAL_PORTS)("the whole login chain on port %i", (port) => {
  const app = `http://localhost:${port}`;
  let dashboard: LocalServer;

  beforeAll(async () => {
    dashboard = await startDashboard(port, idp);
  });
  afterAll(async () => {
    await dashboard?.close();
  });

  it("admin: deep link -> hosted UI -> back at the deep link; /api/me and /admin; logout asks for the password again", async () => {
    const browser = new Browser();
    const page = await logIn(browser, app, "/admin?tab=keys", ADMIN, idp);
    expect(page.body).toContain("Administration");
    expect(page.body).toContain(ADMIN.email);
    expect(page.body).not.toContain(idp.clientSecret);
    expect(page.body).not.toContain(KEY_1);

    // The session cookie: the app's prefix, HttpOnly, Lax, not Secure on http://localhost.
    const callback = page.hops.find((h) => new URL(h.url).pathname === CALLBACK_PATH);
    expect(callback).toBeDefined();
    expect(browser.jar.get("cdash_session")).toBeDefined();
    expect(browser.jar.names().filter((n) => n.startsWith("cdash_tx_"))).toEqual([]);

    const me = await apiMe(browser, app);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, name: ADMIN.name, groups: ["admins"] });

    const home = await browser.navigate(`${app}/`);
    expect(home.response.status).toBe(200);
    expect(home.body).toContain(`Welcome, ${ADMIN.name}`);
    expect(home.body).toContain(ADMIN.email);
    expect(home.response.headers.get("cache-control")).toContain("no-store");

    const out = await logOutWithButton(browser, home, app);
    const [post, idpLogout, signedOut] = out.hops;
    expect(post?.status).toBe(302);
    const logoutUrl = new URL(post?.location ?? "");
    expect(logoutUrl.origin + logoutUrl.pathname).toBe(`${idp.url}/logout`);
    expect(Object.fromEntries(logoutUrl.searchParams)).toEqual({
      client_id: idp.clientId,
      logout_uri: `${app}${SIGNED_OUT_PATH}`,
    });
    expect(idpLogout?.location).toBe(`${app}${SIGNED_OUT_PATH}`);
    expect(signedOut?.url).toBe(`${app}${SIGNED_OUT_PATH}`);
    expect(out.hops).toHaveLength(3);
    // The app says so before anything asks for a password; signing in again asks for it.
    await expectSignedOut(browser, out, app);
    expect((await apiMe(browser, app)).status).toBe(401);
  });

  it("demo: deep link with a query string; /admin is a 403 page, not a redirect; GET /logout works too", async () => {
    const browser = new Browser();
    const page = await logIn(browser, app, "/?tab=overview&x=1", DEMO, idp);
    expect(page.body).toContain(`Welcome, ${DEMO.name}`);
    expect(page.body).toContain(DEMO.email);

    const me = await apiMe(browser, app);
    expect(me).toMatchObject({ status: 200, body: { email: DEMO.email, groups: [] } });

    const admin = await browser.navigate(`${app}/admin`);
    expect(admin.hops, describeHops(admin)).toHaveLength(1);
    expect(admin.response.status).toBe(403);
    expect(admin.body).toContain("You don&#39;t have access to this page");
    expect(admin.body).not.toContain("Administration");
    expect(admin.body).toContain("Log out");

    const apiAdmin = await browser.request(`${app}/admin`, {
      headers: { accept: "application/json" },
    });
    expect(apiAdmin.status).toBe(403);
    expect(await apiAdmin.json()).toMatchObject({ error: "not_in_group" });

    // A plain link to /logout (as in dash-cognito-auth) logs out as well.
    const out = await browser.navigate(`${app}/logout`);
    expect(out.hops.map((h) => new URL(h.url).origin + new URL(h.url).pathname)).toEqual([
      `${app}/logout`,
      `${idp.url}/logout`,
      `${app}${SIGNED_OUT_PATH}`,
    ]);
    await expectSignedOut(browser, out, app);
    expect((await apiMe(browser, app)).status).toBe(401);
  });
});
