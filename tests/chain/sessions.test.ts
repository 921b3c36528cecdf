// Binds registered local ports: run under `flock /tmp/ports.lock`.
// Sessions over time: two logins at once in one browser, silent renewal, key rotation.
import type { LocalServer } from "@cognito-dashboard/dashboard";
import { LOGIN_PATH } from "@cognito-dashboard/local-dev";
import type { MockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Browser } from "./browser.ts";
import {
  ADMIN,
  apiMe,
  DEMO,
  describeHops,
  KEY_1,
  KEY_2,
  logIn,
  openLoginForm,
  startDashboard,
  startIdp,
  submitLogin,
} from "./harness.ts";

const PORT = 5000;
const APP = `http://localhost:${PORT}`;

let idp: MockIdp;
let dashboard: LocalServer | undefined;

async function restartDashboard(sessionSecrets: string[]): Promise<void> {
  await dashboard?.close();
  dashboard = await startDashboard(PORT, idp, { sessionSecrets });
}

beforeAll(async () => {
  idp = await startIdp();
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await dashboard?.close();
  await idp?.stop();
});

describe("two logins at once in one browser", () => {
  it("both tabs end signed in, each on its own deep link", async () => {
    await restartDashboard([KEY_1]);
    const browser = new Browser();
    const toAuthorize = { stopAt: (url: URL) => url.pathname === "/oauth2/authorize" };
    // Both tabs start their login before either finishes: two attempts open at once.
    const one = await browser.navigate(`${APP}/?tab=one`, {}, toAuthorize);
    const two = await browser.navigate(`${APP}/admin?tab=two`, {}, toAuthorize);
    const authorizeOne = new URL(one.hops.at(-1)?.location ?? "");
    const authorizeTwo = new URL(two.hops.at(-1)?.location ?? "");
    expect(authorizeOne.searchParams.get("state")).not.toBe(authorizeTwo.searchParams.get("state"));
    const attempts = browser.jar.names().filter((n) => n.startsWith("cdash_tx_"));
    expect(attempts, "one login-attempt cookie per tab").toHaveLength(2);

    // Tab one signs in with the password; tab two then goes through the hosted UI's session.
    const form = await openLoginForm(browser, authorizeOne.href, idp);
    const landedOne = await submitLogin(browser, form, ADMIN);
    expect(landedOne.url, describeHops(landedOne)).toBe(`${APP}/?tab=one`);
    expect(browser.jar.names().filter((n) => n.startsWith("cdash_tx_"))).toHaveLength(1);
    const landedTwo = await browser.navigate(authorizeTwo.href);
    expect(landedTwo.url, describeHops(landedTwo)).toBe(`${APP}/admin?tab=two`);
    expect(landedTwo.body).toContain("Administration");

    expect(browser.jar.names().filter((n) => n.startsWith("cdash_tx_"))).toEqual([]);
    expect(await apiMe(browser, APP)).toMatchObject({ status: 200, body: { email: ADMIN.email } });
  });
});

describe("abandoned sign-ins", () => {
  it("30 sign-ins left on the hosted UI never pile up, and the next real one gets through", async () => {
    await restartDashboard([KEY_1]);
    const browser = new Browser();
    const toAuthorize = { stopAt: (url: URL) => url.pathname === "/oauth2/authorize" };
    const attempts = () => browser.jar.names().filter((n) => n.startsWith("cdash_tx_"));
    // A long deep link makes each attempt cookie about 1 KB: 30 of them would pass Node's 16 KB
    // header limit at the callback (431) if they were all kept.
    const deepLink = `/?q=${"x".repeat(400)}`;
    const started: string[] = [];
    for (let i = 0; i < 30; i++) {
      const before = new Set(attempts());
      const visit = await browser.navigate(`${APP}${deepLink}&try=${i}`, {}, toAuthorize);
      const [created] = attempts().filter((n) => !before.has(n));
      expect(created, describeHops(visit)).toBeDefined();
      started.push(created ?? "");
      expect(attempts().length, "live attempts after a new one").toBeLessThanOrEqual(4);
    }
    // One more attempt expires exactly the oldest live one.
    const fifth = await browser.navigate(`${APP}/?try=last`, {}, toAuthorize);
    const loginHop = fifth.hops.find((h) => new URL(h.url).pathname === LOGIN_PATH);
    const expired = loginHop?.setCookies.filter((c) => /Max-Age=0/.test(c)) ?? [];
    expect(expired.map((c) => c.split("=")[0])).toEqual([started.at(-4)]);
    expect(attempts()).toHaveLength(4);

    const landed = await logIn(browser, APP, "/admin?after=abandoned", ADMIN, idp);
    expect(landed.body).toContain("Administration");
    expect(await apiMe(browser, APP)).toMatchObject({ status: 200, body: { email: ADMIN.email } });
  });
});

describe("silent renewal", () => {
  it("renews an expired ID token with the refresh token, without a redirect; a revoked one logs out cleanly", async () => {
    await restartDashboard([KEY_1]);
    // One clock for the IdP, the middleware and the cookie jar: they all run in this process,
    // so the ID token can expire without anyone sleeping.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const alive = new Browser();
    await logIn(alive, APP, "/", DEMO, idp);
    const revoked = new Browser();
    await logIn(revoked, APP, "/", ADMIN, idp);
    const stolenCopy = new Browser(revoked.jar.clone());
    // Logging out revokes the refresh token at the IdP: the copy of the cookie dies at renewal.
    await revoked.navigate(`${APP}/logout`);
    expect((await apiMe(revoked, APP)).status).toBe(401);
    // The documented limit of a stateless session ("What logout cannot do" in the middleware's
    // README): until its next re-check with Cognito (within `recheckSeconds`), the copy is still
    // a session.
    expect(await apiMe(stolenCopy, APP)).toMatchObject({
      status: 200,
      body: { email: ADMIN.email },
    });

    const sessionBefore = alive.jar.get("cdash_session");
    vi.setSystemTime(Date.now() + (idp.config.idTokenTtl + 60) * 1000);

    const renewed = await alive.request(`${APP}/api/me`, {
      headers: { accept: "application/json" },
    });
    expect(renewed.status).toBe(200);
    expect(await renewed.json()).toMatchObject({ email: DEMO.email });
    expect(renewed.headers.getSetCookie().some((c) => c.startsWith("cdash_session="))).toBe(true);
    expect(alive.jar.get("cdash_session")).not.toBe(sessionBefore);
    // Renewed once: the next request needs no renewal and sets no cookie.
    const after = await alive.request(`${APP}/api/me`, { headers: { accept: "application/json" } });
    expect(after.status).toBe(200);
    expect(after.headers.getSetCookie()).toEqual([]);
    const page = await alive.navigate(`${APP}/`);
    expect(page.hops).toHaveLength(1);
    expect(page.body).toContain(DEMO.email);

    const refused = await stolenCopy.request(`${APP}/api/me`, {
      headers: { accept: "application/json" },
    });
    expect(refused.status).toBe(401);
    expect(stolenCopy.jar.get("cdash_session")).toBeUndefined();
    expect((await stolenCopy.request(`${APP}/admin`)).status).toBe(302);
  });

  it("ends the session at its absolute lifetime, renewal or not", async () => {
    await restartDashboard([KEY_1]);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const browser = new Browser();
    await logIn(browser, APP, "/", DEMO, idp);
    vi.setSystemTime(Date.now() + 8 * 3600 * 1000 + 60_000);
    expect((await apiMe(browser, APP)).status).toBe(401);
  });
});

describe("key rotation", () => {
  it("a new first key keeps existing sessions; retiring the old key ends only theirs", async () => {
    await restartDashboard([KEY_1]);
    const early = new Browser();
    await logIn(early, APP, "/", DEMO, idp);

    await restartDashboard([KEY_2, KEY_1]);
    expect((await apiMe(early, APP)).status, "sealed with the old key, still open").toBe(200);
    const late = new Browser();
    await logIn(late, APP, "/", ADMIN, idp);

    await restartDashboard([KEY_2]);
    expect((await apiMe(late, APP)).status, "sealed with the new key").toBe(200);
    const retired = await apiMe(early, APP);
    expect(retired.status, "the old key is gone").toBe(401);
    expect((await early.request(`${APP}/`)).status).toBe(302);
  });
});
