import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_KEPT_TRANSACTIONS } from "./login-transaction.ts";
import { CALLBACK_PATH, LOGIN_PATH } from "./testing/routes.ts";
import { HTML, ORIGIN, TestBrowser, tamper, testApp } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
afterEach(() => {
  vi.useRealTimers();
});

const attempts = (browser: TestBrowser) =>
  [...browser.cookies.keys()].filter((n) => n.startsWith("cdash_tx_"));

/** The expiring Set-Cookie header for `name`, with the attributes it was set with. */
const expiry = (name: string, secure = false) =>
  `${name}=; Max-Age=0; Path=${LOGIN_PATH}; HttpOnly;${secure ? " Secure;" : ""} SameSite=Lax`;

/** A login response's Set-Cookie headers, given the browser's Cookie header. */
async function loginWith(cookie: string, origin = ORIGIN): Promise<string[]> {
  const res = await testApp(idp).request(`${origin}${LOGIN_PATH}`, {
    headers: { accept: HTML, cookie },
  });
  expect(res.status).toBe(302);
  return res.headers.getSetCookie();
}

describe("login attempt cookies", () => {
  it("go to the login route and the callback under it, and nowhere else in the app", async () => {
    expect(CALLBACK_PATH.startsWith(`${LOGIN_PATH}/`)).toBe(true);
    const browser = new TestBrowser(testApp(idp));
    await browser.startLogin();
    const [name] = attempts(browser);
    for (const path of [LOGIN_PATH, CALLBACK_PATH]) {
      expect(browser.cookieHeader(path)).toContain(`${name}=`);
    }
    for (const path of ["/", "/login", "/login/cognito-x", "/logout", "/api/me", "/reports/1"]) {
      expect(browser.cookieHeader(path)).toBe("");
    }
  });

  it(`never pile up past ${MAX_KEPT_TRANSACTIONS + 1}: 30 abandoned sign-ins, then a real one succeeds`, async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const browser = new TestBrowser(testApp(idp));
    const started: string[] = [];
    for (let i = 0; i < 30; i++) {
      const before = new Set(attempts(browser));
      const res = await browser.request(`${LOGIN_PATH}?return_to=%2Freports%2F${i}`);
      expect(res.status).toBe(302);
      const [created] = attempts(browser).filter((n) => !before.has(n));
      if (created === undefined) throw new Error("no new attempt cookie");
      started.push(created);
      expect(attempts(browser).length).toBeLessThanOrEqual(MAX_KEPT_TRANSACTIONS + 1);
      // Each new attempt expires exactly the one that fell out of the newest four.
      const expired = started.at(-(MAX_KEPT_TRANSACTIONS + 2));
      expect(res.headers.getSetCookie().slice(1)).toEqual(expired ? [expiry(expired)] : []);
      vi.setSystemTime(Date.now() + 1000);
    }
    expect(attempts(browser).sort()).toEqual(started.slice(-(MAX_KEPT_TRANSACTIONS + 1)).sort());
    const landed = await browser.login(idp, ALICE, "/reports/done");
    expect([landed.status, landed.headers.get("location")]).toEqual([302, "/reports/done"]);
    expect(await (await browser.request("/reports/done")).text()).toBe(
      "report done for alice@example.com",
    );
  });

  it("keep the newest attempts usable: four tabs started in turn all sign in, a fifth's oldest is gone", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const browser = new TestBrowser(testApp(idp));
    const tabs: string[] = [];
    for (let i = 1; i <= MAX_KEPT_TRANSACTIONS + 2; i++) {
      tabs.push(await browser.startLogin(`/reports/${i}`));
      vi.setSystemTime(Date.now() + 1000);
    }
    const [oldest, ...newest] = tabs;
    for (const [i, tab] of newest.entries()) {
      const back = await browser.request(await idp.authorize(tab, ALICE));
      expect([back.status, back.headers.get("location")]).toEqual([302, `/reports/${i + 2}`]);
    }
    const late = await browser.request(await idp.authorize(oldest ?? "", ALICE));
    expect(late.status).toBe(400);
    expect(await late.text()).toContain("Error code: transaction_missing");
  });

  it("started in the same millisecond expire the oldest first, by the browser's cookie order", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const browser = new TestBrowser(testApp(idp));
    for (let i = 0; i <= MAX_KEPT_TRANSACTIONS; i++) await browser.startLogin();
    const [oldest] = attempts(browser);
    const res = await browser.request(LOGIN_PATH);
    expect(res.headers.getSetCookie().slice(1)).toEqual([expiry(oldest ?? "")]);
  });

  it("that are garbage, tampered, expired or misnamed are expired by the next login", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const browser = new TestBrowser(testApp(idp));
    await browser.startLogin();
    const [[name = "", { value = "" } = {}] = []] = [...browser.cookies];
    const tampered = tamper(value, value.length - 1);
    const misnamed = "cdash_tx_BBBBBBBBBBBBBBBB";
    const garbage = "cdash_tx_abc=zzz; cdash_tx_=1; cdash_tx_%2F=2; cdash_tx_q=%E0%A4%A";
    const cookie = `${garbage}; ${misnamed}=${value}; cdash_tx_AAAAAAAAAAAAAAAA=${tampered}`;
    const cleared = (await loginWith(`other=1; ${cookie}; cdash_session=x`)).slice(1);
    const broken = ["abc", "", "%2F", "q", "BBBBBBBBBBBBBBBB", "AAAAAAAAAAAAAAAA"];
    expect(cleared).toEqual(broken.map((id) => expiry(`cdash_tx_${id}`)));
    // The genuine attempt is kept until its ten minutes are over, then expired too.
    expect(await loginWith(`${name}=${value}`)).toHaveLength(1);
    vi.setSystemTime(Date.now() + 10 * 60_000);
    expect((await loginWith(`${name}=${value}`)).slice(1)).toEqual([expiry(name)]);
  });

  it("are __Host- prefixed over https, and expired with the attributes they were set with", async () => {
    const browser = new TestBrowser(testApp(idp), "https://dash.example.com");
    await browser.startLogin();
    const [[name = "", { value = "" } = {}] = []] = [...browser.cookies];
    expect(name).toMatch(/^__Host-cdash_tx_[\w-]{16}$/);
    // A plain-named attempt (set by a sibling subdomain, or over http) is not one of ours here.
    const cookie = `${name}=${tamper(value, 5)}; cdash_tx_AAAAAAAAAAAAAAAA=${value}`;
    const set = await loginWith(cookie, "https://dash.example.com");
    const httpsExpiry = `${name}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax`;
    expect(set[0]).toMatch(/^__Host-cdash_tx_[\w-]{16}=[^;]+; Max-Age=600; Path=\/; /);
    expect(set[0]?.replace(/^[^;]*; Max-Age=600/, "")).toBe(
      httpsExpiry.replace(/^[^;]*; Max-Age=0/, ""),
    );
    expect(set.slice(1)).toEqual([httpsExpiry]);
  });

  it("are expired at most 32 per response, and odd names never break the login", async () => {
    const many = Array.from({ length: 40 }, (_, i) => `cdash_tx_junk${i}=x`).join("; ");
    const set = await loginWith(`cdash_tx_(x)=1; cdash_tx_a:b=2; ${many}`);
    expect(set).toHaveLength(33);
    expect(set.slice(1)).toEqual(Array.from({ length: 32 }, (_, i) => expiry(`cdash_tx_junk${i}`)));
  });
});
