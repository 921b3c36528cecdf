// Binds registered local ports: run under `flock /tmp/ports.lock`.
// "Out" means out within the re-check interval, over real HTTP: an admin disables one signed-in
// user and demotes another through the dashboard's own API; the middleware's next re-check with
// the real mock IdP ends the first's session (pages and API) and the second's admin rights. With
// the IdP stalled, nobody is signed out. One clock for the IdP, the middleware and the cookie
// jars (they all run in this process), moved instead of slept.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { LocalServer } from "@cognito-dashboard/dashboard";
import { CognitoUserAdmin } from "@cognito-dashboard/dashboard/user-admin";
import { LOGIN_PATH, mockUserPoolApi } from "@cognito-dashboard/local-dev";
import type { MockIdp, MockUser } from "@cognito-dashboard/mock-idp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Browser, parseForms, type Visit } from "./browser.ts";
import {
  ADMIN,
  apiMe,
  DEMO,
  describeHops,
  logIn,
  PASSWORD,
  startDashboard,
  startIdp,
} from "./harness.ts";
import { type StallingProxy, startStallingProxy } from "./stalling-proxy.ts";

const PORT = 5000;
const APP = `http://localhost:${PORT}`;
/** The middleware's default: what the dashboard promises ("loses access within a minute"). */
const RECHECK_SECONDS = 60;
/**
 * A stalled check gives up after this: shorter than the default 5 s, so the stalled requests do
 * not take the test's time, long enough for a healthy sign-in on a busy 2-core machine.
 */
const IDP_TIMEOUT_MS = 2_000;

const EVE: MockUser = {
  email: "eve.admin@example.com",
  password: PASSWORD,
  name: "Eve Admin",
  groups: ["admins"],
};

let idp: MockIdp;
let proxy: StallingProxy;
/** The mock as the dashboard and the browsers reach it: through the proxy. */
let hostedUi: MockIdp;
let dashboard: LocalServer;
let pool: CognitoUserAdmin;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  idp = await startIdp({ users: [ADMIN, DEMO, EVE] });
  proxy = await startStallingProxy(idp.url);
  hostedUi = { ...idp, url: proxy.url } as MockIdp;
  dashboard = await startDashboard(PORT, hostedUi, { idpTimeoutMs: IDP_TIMEOUT_MS });
  // The test's own view of the pool, straight to the mock's API.
  const settings = mockUserPoolApi(idp.url, idp.userPoolId);
  sdk = new CognitoIdentityProviderClient(settings);
  pool = new CognitoUserAdmin({ ...settings, userPoolId: idp.userPoolId }, sdk);
});
// The dashboard logs each admin step; not this test's business.
beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => {
  proxy.resume();
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(async () => {
  sdk?.destroy();
  await dashboard?.close();
  await proxy?.close();
  await idp?.stop();
});

/** Moves the one clock on by `seconds`. */
function later(seconds: number): void {
  vi.setSystemTime(Date.now() + seconds * 1000);
}

async function usernameOf(email: string): Promise<string> {
  const { users } = await pool.listUsers({ emailPrefix: email });
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user.username;
}

/** An admin step through the dashboard's JSON API, with the session's CSRF token. */
async function adminStep(admin: Browser, email: string, step: string): Promise<Response> {
  const me = await apiMe(admin, APP);
  const csrf = (me.body as { csrfToken?: string }).csrfToken ?? "";
  return admin.request(`${APP}/api/admin/users/${await usernameOf(email)}/${step}`, {
    method: "POST",
    headers: { accept: "application/json", "x-csrf-token": csrf },
  });
}

/**
 * Opens `path` as a person would: following redirects, and signing in on the hosted UI's form if
 * it asks (after a global sign-out real Cognito signs in silently; the mock may ask).
 */
async function openSigningIn(browser: Browser, path: string, user: MockUser): Promise<Visit> {
  const visit = await browser.navigate(`${APP}${path}`);
  if (new URL(visit.url).origin !== hostedUi.url) return visit;
  const form = parseForms(visit.body, visit.url).find((f) => f.fieldNames.includes("password"));
  if (!form) throw new Error(`neither the app nor a sign-in form: ${describeHops(visit)}`);
  return browser.submit(form.action, {
    ...form.hidden,
    username: user.email,
    password: user.password,
  });
}

describe("an admin's 'out' ends access within the re-check interval", () => {
  it("disabled: signed out on pages and API at the first request after it; demoted: no /admin", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const admin = new Browser();
    await logIn(admin, APP, "/", ADMIN, hostedUi);
    const dan = new Browser();
    await logIn(dan, APP, "/", DEMO, hostedUi);
    const eve = new Browser();
    await logIn(eve, APP, "/admin", EVE, hostedUi);
    // A second copy of Dan's session: a script with his cookie, another tab.
    const danScript = new Browser(dan.jar.clone());

    later(20);
    expect((await adminStep(admin, DEMO.email, "disable")).status).toBe(200);
    expect((await adminStep(admin, EVE.email, "remove-admin")).status).toBe(200);

    // Stateless, so not at once: until the interval since their last check has passed.
    expect((await apiMe(dan, APP)).status).toBe(200);
    expect((await eve.navigate(`${APP}/admin`)).response.status).toBe(200);

    later(RECHECK_SECONDS - 20);
    const page = await dan.request(`${APP}/`);
    expect(page.status).toBe(302);
    expect(new URL(page.headers.get("location") ?? "", APP).pathname).toBe(LOGIN_PATH);
    expect(dan.jar.get("cdash_session")).toBeUndefined();
    const api = await apiMe(danScript, APP);
    expect(api).toMatchObject({ status: 401, body: { error: "unauthenticated" } });
    // Signing in again is refused: the account is disabled.
    const again = await openSigningIn(dan, "/", DEMO);
    expect(again.body).toContain("User is disabled.");

    const demoted = await openSigningIn(eve, "/admin", EVE);
    expect(demoted.url, describeHops(demoted)).toBe(`${APP}/admin`);
    expect(demoted.response.status).toBe(403);
    expect((await apiMe(eve, APP)).body).toMatchObject({ email: EVE.email, groups: [] });
    // The admin who acted was checked too, and is still in.
    expect((await admin.navigate(`${APP}/admin`)).response.status).toBe(200);
  });

  it("with the IdP stalled, nobody is signed out: sessions are kept and checked again later", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const ada = new Browser();
    await logIn(ada, APP, "/admin", ADMIN, hostedUi);
    const eve = new Browser();
    await logIn(eve, APP, "/", EVE, hostedUi);
    const before = { ada: ada.jar.get("cdash_session"), eve: eve.jar.get("cdash_session") };

    proxy.stall();
    later(RECHECK_SECONDS + 1);
    const kept = await ada.navigate(`${APP}/admin`);
    expect(kept.response.status, describeHops(kept)).toBe(200);
    expect(await apiMe(eve, APP)).toMatchObject({ status: 200, body: { email: EVE.email } });
    // Nothing renewed, nothing cleared: the same cookies.
    expect(ada.jar.get("cdash_session")).toBe(before.ada);
    expect(eve.jar.get("cdash_session")).toBe(before.eve);
    later(RECHECK_SECONDS);
    expect((await apiMe(ada, APP)).status).toBe(200);

    // Back: the next check passes and reseals the cookie.
    proxy.resume();
    later(RECHECK_SECONDS);
    expect((await apiMe(ada, APP)).status).toBe(200);
    expect(ada.jar.get("cdash_session")).not.toBe(before.ada);
  });
});
