// Binds a registered local port: run under `flock /tmp/ports.lock`.
// Every refusal of the login chain, through real HTTP: a clear 4xx (page or JSON), never a 5xx,
// never a stack trace, never a redirect off the site.
import type { LocalServer } from "@cognito-dashboard/dashboard";
import { CALLBACK_PATH, LOGIN_PATH } from "@cognito-dashboard/local-dev";
import type { MockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, type Visit } from "./browser.ts";
import {
  ADMIN,
  apiMe,
  callbackOf,
  DEMO,
  describeHops,
  logIn,
  logOutWithButton,
  openLoginForm,
  startDashboard,
  startIdp,
  submitLogin,
} from "./harness.ts";

const PORT = 8050;
const APP = `http://localhost:${PORT}`;
const JSON_ACCEPT = { accept: "application/json" };

let idp: MockIdp;
let dashboard: LocalServer;

beforeAll(async () => {
  idp = await startIdp();
  dashboard = await startDashboard(PORT, idp);
});
afterAll(async () => {
  await dashboard?.close();
  await idp?.stop();
});

/** Signs in at the hosted UI and stops before the app's callback: returns its URL. */
async function callbackFor(browser: Browser, deepLink = "/"): Promise<string> {
  const form = await openLoginForm(browser, `${APP}${deepLink}`, idp);
  return callbackOf(await submitLogin(browser, form, DEMO, { stopAtCallback: true }));
}

/** A refusal page a person can act on: 4xx, branded, a way to sign in again, no stack trace. */
async function expectSignInAgainPage(res: Response, status = 400): Promise<string> {
  expect(res.status).toBe(status);
  const body = await res.text();
  expect(body).toContain("Cognito Dashboard");
  expect(body).toContain(`href="${LOGIN_PATH}"`);
  expectNoLeak(body);
  return body;
}

function expectNoLeak(body: string): void {
  expect(body).not.toMatch(/\n\s+at [\w.<]/);
  expect(body).not.toContain(idp.clientSecret);
}

describe("the callback refuses", () => {
  it("a forged state and a missing state; the genuine callback still works afterwards", async () => {
    const browser = new Browser();
    const genuine = new URL(await callbackFor(browser));
    const forged = new URL(genuine);
    forged.searchParams.set("state", `${genuine.searchParams.get("state")}x`);
    await expectSignInAgainPage(await browser.request(forged.href));
    const foreign = new URL(genuine);
    foreign.searchParams.set(
      "state",
      "AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
    );
    await expectSignInAgainPage(await browser.request(foreign.href));
    const missing = new URL(genuine);
    missing.searchParams.delete("state");
    await expectSignInAgainPage(await browser.request(missing.href));
    const api = await browser.request(missing.href, { headers: JSON_ACCEPT });
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: expect.stringMatching(/^state_/) });

    const landed = await browser.navigate(genuine.href);
    expect(landed.url).toBe(`${APP}/`);
    expect(landed.body).toContain(DEMO.email);
  });

  it("a callback replayed in another browser, which cannot burn the code either", async () => {
    const victim = new Browser();
    const callback = await callbackFor(victim, "/?from=victim");
    const attacker = new Browser();
    await expectSignInAgainPage(await attacker.request(callback));
    expect(attacker.jar.get("cdash_session")).toBeUndefined();
    expect((await apiMe(attacker, APP)).status).toBe(401);

    const landed = await victim.navigate(callback);
    expect(landed.url).toBe(`${APP}/?from=victim`);
  });

  it("login CSRF: the attacker's own callback opened in the victim's browser signs nobody in", async () => {
    // The attacker signs in as themself and stops before the app's callback, holding a valid
    // code and state; the victim has a sign-in of their own in progress (an attempt cookie).
    const attacker = new Browser();
    const attackersCallback = await callbackFor(attacker, "/?from=attacker");
    const victim = new Browser();
    const victimsForm = await openLoginForm(victim, `${APP}/?from=victim`, idp);
    expect(victim.jar.get("cdash_session")).toBeUndefined();

    await expectSignInAgainPage(await victim.request(attackersCallback));
    expect(victim.jar.get("cdash_session")).toBeUndefined();
    expect((await apiMe(victim, APP)).status).toBe(401);
    // Even with the victim's state pasted in, the code stays bound to the attacker's PKCE
    // verifier and nonce, which only the attacker's attempt cookie holds.
    const victimsState = new URL(victimsForm.visit.url).searchParams.get("state") ?? "";
    const spliced = new URL(attackersCallback);
    spliced.searchParams.set("state", victimsState);
    await expectSignInAgainPage(await victim.request(spliced.href));
    expect(victim.jar.get("cdash_session")).toBeUndefined();

    // The victim can still sign in as themself afterwards.
    const form = await openLoginForm(victim, `${APP}/?from=victim`, idp);
    const landed = await submitLogin(victim, form, ADMIN);
    expect(landed.url).toBe(`${APP}/?from=victim`);
    expect(landed.body).toContain(ADMIN.email);
    expect(landed.body).not.toContain(DEMO.email);
  });

  it("a code used twice, with or without the login-attempt cookie", async () => {
    const browser = new Browser();
    const callback = await callbackFor(browser);
    const sameBrowserEarlier = new Browser(browser.jar.clone());
    const landed = await browser.navigate(callback);
    expect(landed.url).toBe(`${APP}/`);

    // The same browser again: the attempt is over, its cookie gone.
    await expectSignInAgainPage(await browser.request(callback));
    // A copy taken before (attempt cookie still there): the IdP refuses the used code.
    const reused = await sameBrowserEarlier.request(callback);
    await expectSignInAgainPage(reused);
    expect(sameBrowserEarlier.jar.get("cdash_session")).toBeUndefined();
  });

  it("a session cookie passed off as a login attempt, and a login attempt as a session", async () => {
    const signedIn = new Browser();
    await logIn(signedIn, APP, "/", ADMIN, idp);
    const session = signedIn.jar.get("cdash_session") ?? "";
    const pending = new Browser();
    const callback = await callbackFor(pending);
    const txName = pending.jar.names().find((n) => n.startsWith("cdash_tx_")) ?? "";
    const tx = pending.jar.get(txName) ?? "";
    expect([session.length > 0, tx.length > 0]).toEqual([true, true]);

    // Both are sealed with the same secret, but each purpose has its own derived key.
    const asAttempt = new Browser();
    asAttempt.jar.set(txName, session);
    await expectSignInAgainPage(await asAttempt.request(callback));
    expect(asAttempt.jar.get("cdash_session")).toBeUndefined();
    const asSession = new Browser();
    asSession.jar.set("cdash_session", tx);
    expect((await apiMe(asSession, APP)).status).toBe(401);
    expect((await asSession.request(`${APP}/admin`)).headers.get("location")).toMatch(
      new RegExp(`^${LOGIN_PATH}`),
    );
    // The genuine attempt was not spent by the forgery.
    expect((await pending.navigate(callback)).url).toBe(`${APP}/`);
  });

  it("a tampered login-attempt cookie", async () => {
    const browser = new Browser();
    const callback = await callbackFor(browser);
    const name = browser.jar.names().find((n) => n.startsWith("cdash_tx_")) ?? "";
    const value = browser.jar.get(name) ?? "";
    browser.jar.set(
      name,
      `${value.slice(0, 20)}${value[20] === "A" ? "B" : "A"}${value.slice(21)}`,
    );
    await expectSignInAgainPage(await browser.request(callback));
  });

  it.each([
    ["access_denied", "User cancelled"],
    ["server_error", "<script>alert(1)</script>"],
    ["invalid_scope", ""],
    ["<img src=x>", "&amp; %00"],
  ])("an IdP error %s (with the attempt's state)", async (error, description) => {
    const browser = new Browser();
    const started = await browser.navigate(`${APP}${LOGIN_PATH}`, {}, { stopAt: () => true });
    const state = new URL(started.hops[0]?.location ?? "").searchParams.get("state") ?? "";
    const url = new URL(`${APP}${CALLBACK_PATH}`);
    url.search = new URLSearchParams({ error, error_description: description, state }).toString();
    const body = await expectSignInAgainPage(await browser.request(url.href));
    expect(body).not.toContain("<script>alert(1)</script>");
    expect(body).not.toContain("<img src=x>");
    const api = await browser.request(url.href, { headers: JSON_ACCEPT });
    expect(api.status).toBe(400);
  });

  it("an IdP error without any state, and an error next to a code", async () => {
    const browser = new Browser();
    await expectSignInAgainPage(
      await browser.request(`${APP}${CALLBACK_PATH}?error=access_denied`),
    );
    const callback = new URL(await callbackFor(browser));
    callback.searchParams.set("error", "access_denied");
    await expectSignInAgainPage(await browser.request(callback.href));
  });
});

describe("cookies", () => {
  it("each server keeps to its own prefix, and the app's are HttpOnly, Lax and not Secure on http", async () => {
    // Browsers share cookies across the ports of localhost: a shared name would be overwritten.
    const browser = new Browser();
    const page = await logIn(browser, APP, "/admin", ADMIN, idp);
    const out = await logOutWithButton(browser, page, APP);
    const hops = [...page.hops, ...out.hops];
    const set = hops.flatMap((h) =>
      h.setCookies.map((line) => ({ from: new URL(h.url).origin, line })),
    );
    expect(set.some(({ from }) => from === APP)).toBe(true);
    expect(set.some(({ from }) => from === idp.url)).toBe(true);
    for (const { from, line } of set) {
      const name = line.split("=")[0] ?? "";
      if (from === APP) {
        expect(name, line).toMatch(/^cdash_(session(\.\d)?|tx_[\w-]{16})$/);
        expect(line, line).toMatch(/; HttpOnly/i);
        expect(line, line).toMatch(/; SameSite=Lax/i);
        expect(line, line).not.toMatch(/; Secure/i);
      } else {
        expect(name, line).toMatch(/^mockidp_/);
      }
    }
  });

  it("a tampered session cookie is no session: login again for pages, 401 for the API", async () => {
    const browser = new Browser();
    await logIn(browser, APP, "/", DEMO, idp);
    const value = browser.jar.get("cdash_session") ?? "";
    const flipped = `${value.slice(0, -3)}${value.at(-3) === "A" ? "B" : "A"}${value.slice(-2)}`;
    browser.jar.set("cdash_session", flipped);
    const page = await browser.request(`${APP}/?tab=x`);
    expect(page.status).toBe(302);
    expect(new URL(page.headers.get("location") ?? "", APP).pathname).toBe(LOGIN_PATH);
    expect((await apiMe(browser, APP)).status).toBe(401);
  });

  it.each([
    ["empty", "cdash_session="],
    ["garbage", "cdash_session=garbage"],
    ["dots", "cdash_session=...."],
    ["a JWT", "cdash_session=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."],
    ["huge", `cdash_session=${"x".repeat(3900)}`],
    ["non-ASCII", "cdash_session=%C3%A9%FF%00"],
    ["quoted", 'cdash_session="abc"'],
    ["duplicated", "cdash_session=a; cdash_session=b"],
    ["garbage attempts", "cdash_tx_abc=zzz; cdash_tx_=1; cdash_tx_%2F=2"],
    ["the https name on http", "__Host-cdash_session=garbage"],
  ])("a %s session cookie gives no 5xx", async (_, cookie) => {
    for (const path of [
      "/",
      "/admin",
      "/nope",
      "/logout",
      LOGIN_PATH,
      `${CALLBACK_PATH}?code=a&state=b`,
    ]) {
      const page = await fetch(`${APP}${path}`, {
        redirect: "manual",
        headers: { cookie, accept: "text/html" },
      });
      expect(page.status, `${path} with ${cookie.slice(0, 40)}`).toBeLessThan(500);
      expectNoLeak(await page.text());
    }
    const api = await fetch(`${APP}/api/me`, { headers: { cookie, accept: "application/json" } });
    expect(api.status).toBe(401);
  });

  it("a 7 KB cookie header: refused cleanly without a session, served with one", async () => {
    const junk = Array.from({ length: 70 }, (_, i) => `junk_${i}=${"v".repeat(95)}`).join("; ");
    expect(junk.length).toBeGreaterThan(7 * 1024);
    const anonymous = await fetch(`${APP}/api/me`, {
      headers: { cookie: junk, accept: "application/json" },
    });
    expect(anonymous.status).toBe(401);
    const page = await fetch(`${APP}/`, {
      redirect: "manual",
      headers: { cookie: junk, accept: "text/html" },
    });
    expect(page.status).toBe(302);

    const browser = new Browser();
    await logIn(browser, APP, "/", ADMIN, idp);
    const session = browser.jar.header(new URL(APP)) ?? "";
    const signedIn = await fetch(`${APP}/api/me`, {
      headers: { cookie: `${junk}; ${session}`, accept: "application/json" },
    });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toMatchObject({ email: ADMIN.email });
  });
});

describe("open redirects", () => {
  /** Every redirect of a visit stays on the app or goes to the hosted UI, nowhere else. */
  function expectOnlyOurOrigins(visit: Visit): void {
    for (const hop of visit.hops) {
      expect(hop.status, describeHops(visit)).toBeLessThan(500);
      if (!hop.location) continue;
      const to = new URL(hop.location, hop.url);
      expect([APP, idp.url], `${hop.url} -> ${hop.location}`).toContain(to.origin);
    }
  }

  it.each([
    "//evil.example/",
    "/\\evil.example/",
    "/%5Cevil.example/",
    "/%2F%2Fevil.example/",
    "/%2f%2fevil.example/",
    "///evil.example/",
    "/.//evil.example/",
    `${LOGIN_PATH}?return_to=https://evil.example/`,
    `${LOGIN_PATH}?return_to=//evil.example/`,
    `${LOGIN_PATH}?return_to=/\\evil.example`,
    `${LOGIN_PATH}?return_to=%2F%2Fevil.example`,
    `${LOGIN_PATH}?return_to=%5C%5Cevil.example`,
    `${LOGIN_PATH}?return_to=/%09/evil.example`,
    `${LOGIN_PATH}?return_to=javascript:alert(1)`,
    `${LOGIN_PATH}?return_to=/ok&return_to=//evil.example`,
    `${LOGIN_PATH}?return_to=/%0D%0ASet-Cookie:%20x=1`,
    `${LOGIN_PATH}?next=https://evil.example/&redirect=//evil.example&url=//evil.example`,
  ])("%s never leaves the site, before or after sign-in", async (attempt) => {
    const browser = new Browser();
    const visit = await browser.navigate(`${APP}${attempt}`);
    expectOnlyOurOrigins(visit);
    expect(visit.response.status).toBeLessThan(500);
    expectNoLeak(visit.body);
    if (new URL(visit.url).origin === idp.url && visit.response.status === 200) {
      const form = await openLoginForm(browser, visit.url, idp);
      const landed = await submitLogin(browser, form, DEMO);
      expectOnlyOurOrigins(landed);
      expect(new URL(landed.url).origin).toBe(APP);
      expect(landed.response.status).toBeLessThan(500);
    }
    expect(browser.jar.names()).not.toContain("x");

    // Signed in, the same address still goes nowhere else.
    const signedIn = new Browser();
    await logIn(signedIn, APP, "/", DEMO, idp);
    const again = await signedIn.navigate(`${APP}${attempt}`);
    expectOnlyOurOrigins(again);
    expect(again.response.status).toBeLessThan(500);
  });
});

describe("junk query strings", () => {
  const junk = [
    "?%",
    "?%%%",
    "?a=%ZZ",
    "?=&=&&",
    "?code[]=1&state[]=2",
    "?state=%00%01%02",
    `?q=${"%F0%9F%92%A9".repeat(200)}`,
    `?x=${"a".repeat(6000)}`,
    "?code=a&code=b&state=c&state=d",
    "?error=&error_description=",
    "?return_to=&return_to=",
    "?__proto__[x]=1&constructor=1",
  ];
  const paths = ["/", "/admin", "/api/me", "/healthz", LOGIN_PATH, CALLBACK_PATH, "/nope"];

  it("none gives a 5xx, signed out or signed in", async () => {
    const signedIn = new Browser();
    await logIn(signedIn, APP, "/", ADMIN, idp);
    for (const browser of [new Browser(), signedIn]) {
      // GET /logout logs out whatever its query: only the signed-out browser tries it.
      for (const path of browser === signedIn ? paths : [...paths, "/logout"]) {
        for (const query of junk) {
          for (const accept of ["text/html", "application/json"]) {
            const res = await browser.request(`${APP}${path}${query}`, { headers: { accept } });
            expect(res.status, `${path}${query.slice(0, 40)} (${accept})`).toBeLessThan(500);
            expectNoLeak(await res.text());
          }
        }
      }
    }
    // Still signed in after all that.
    expect((await apiMe(signedIn, APP)).status).toBe(200);
  });
});
