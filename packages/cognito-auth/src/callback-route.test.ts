import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { describeIdpError } from "./callback-route.ts";
import { CALLBACK_PATH, LOGIN_PATH } from "./testing/routes.ts";
import { HTML, ORIGIN, TestBrowser, tamper, testApp } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());
afterEach(() => {
  idp.tamper = undefined;
  vi.useRealTimers();
});

/** A browser that started a login: its callback URL (with a fresh code) is ready to be used. */
async function pendingLogin(path = "/") {
  const browser = new TestBrowser(testApp(idp));
  const callback = new URL(await idp.authorize(await browser.startLogin(path), ALICE));
  return { browser, callback, state: callback.searchParams.get("state") ?? "" };
}

async function expectRefusalPage(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("location")).toBeNull();
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  const html = await res.text();
  expect(html).toContain(`<a href="${LOGIN_PATH}">Sign in again</a>`);
  expect(html).toContain(`Error code: ${code}`);
  return html;
}

describe("the callback refuses", () => {
  it("a missing state", async () => {
    const { browser, callback } = await pendingLogin();
    const res = await browser.request(`${CALLBACK_PATH}?code=${callback.searchParams.get("code")}`);
    await expectRefusalPage(res, 400, "state_missing");
    expect(browser.cookies.has("cdash_session")).toBe(false);
  });

  it("a forged state (right shape, wrong secret) and a malformed one", async () => {
    const { browser, callback, state } = await pendingLogin();
    const code = callback.searchParams.get("code");
    const forged = `${state.slice(0, 17)}${"A".repeat(43)}`;
    const res = await browser.request(`${CALLBACK_PATH}?code=${code}&state=${forged}`);
    await expectRefusalPage(res, 400, "state_mismatch");
    // The attempt is spent: even the genuine state no longer works.
    const again = await browser.request(`${callback.pathname}${callback.search}`);
    await expectRefusalPage(again, 400, "transaction_missing");
    const malformed = await browser.request(`${CALLBACK_PATH}?code=${code}&state=..%2F..`);
    await expectRefusalPage(malformed, 400, "state_mismatch");
  });

  it("a callback replayed in another browser (no transaction cookie)", async () => {
    const { callback } = await pendingLogin();
    const other = new TestBrowser(testApp(idp));
    const res = await other.request(`${callback.pathname}${callback.search}`);
    await expectRefusalPage(res, 400, "transaction_missing");
    expect(other.cookies.size).toBe(0);
  });

  it("a callback replayed in the same browser after success", async () => {
    const { browser, callback } = await pendingLogin();
    expect((await browser.request(`${callback.pathname}${callback.search}`)).status).toBe(302);
    const replay = await browser.request(`${callback.pathname}${callback.search}`);
    await expectRefusalPage(replay, 400, "transaction_missing");
  });

  it("a code used twice, even with a copy of the transaction cookie", async () => {
    const { browser, callback } = await pendingLogin();
    const cookie = browser.cookieHeader(CALLBACK_PATH);
    expect((await browser.request(`${callback.pathname}${callback.search}`)).status).toBe(302);
    const thief = new TestBrowser(testApp(idp));
    const res = await thief.request(`${callback.pathname}${callback.search}`, {
      headers: { cookie },
    });
    await expectRefusalPage(res, 400, "code_rejected");
    expect(res.headers.getSetCookie().some((c) => /^cdash_tx_.*Max-Age=0/.test(c))).toBe(true);
  });

  it("a code the IdP refuses", async () => {
    const { browser, state } = await pendingLogin();
    const res = await browser.request(`${CALLBACK_PATH}?code=not-a-real-code&state=${state}`);
    await expectRefusalPage(res, 400, "code_rejected");
  });

  it("a missing or junk code", async () => {
    for (const code of ["", "%00", "a%20b", "x".repeat(3000)]) {
      const { browser, state } = await pendingLogin();
      const res = await browser.request(`${CALLBACK_PATH}?code=${code}&state=${state}`);
      await expectRefusalPage(res, 400, "code_missing");
    }
  });

  it("an expired login attempt (over 10 minutes)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { browser, callback } = await pendingLogin();
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1);
    const res = await browser.request(`${callback.pathname}${callback.search}`);
    await expectRefusalPage(res, 400, "transaction_invalid");
  });

  it("a tampered transaction cookie", async () => {
    const { browser, callback } = await pendingLogin();
    const [name, stored] = [...browser.cookies].find(([n]) => n.startsWith("cdash_tx_")) ?? [];
    if (!name || !stored) throw new Error("no transaction cookie");
    stored.value = tamper(stored.value, stored.value.length - 1);
    const res = await browser.request(`${callback.pathname}${callback.search}`);
    await expectRefusalPage(res, 400, "transaction_invalid");
  });

  it("an ID token with the wrong nonce, audience or issuer", async () => {
    const cases: [(claims: Record<string, unknown>) => void, string][] = [
      [(claims) => Object.assign(claims, { nonce: "someone-elses-nonce" }), "nonce_mismatch"],
      [(claims) => Object.assign(claims, { nonce: undefined }), "nonce_mismatch"],
      [(claims) => Object.assign(claims, { aud: "another-client" }), "id_token_invalid"],
      [(claims) => Object.assign(claims, { iss: "https://evil.example" }), "id_token_invalid"],
      [(claims) => Object.assign(claims, { token_use: "access" }), "id_token_invalid"],
      [(claims) => Object.assign(claims, { exp: 1_000_000 }), "id_token_invalid"],
      // Without `exp` the session could never tell when to renew: refused, not a login loop.
      [(claims) => Object.assign(claims, { exp: undefined }), "id_token_invalid"],
    ];
    for (const [tamper, code] of cases) {
      const { browser, callback } = await pendingLogin();
      idp.tamper = tamper;
      const res = await browser.request(`${callback.pathname}${callback.search}`);
      await expectRefusalPage(res, 400, code);
      expect(browser.cookies.has("cdash_session")).toBe(false);
    }
  });

  it("IdP error parameters, showing an escaped short description", async () => {
    const { browser, state } = await pendingLogin();
    const description = encodeURIComponent(`<script>alert("x")</script>\r\nSet-Cookie: a=b`);
    const res = await browser.request(
      `${CALLBACK_PATH}?error=access_denied&error_description=${description}&state=${state}`,
    );
    const html = await expectRefusalPage(res, 400, "idp_error");
    expect(html).toContain("access_denied: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(res.headers.getSetCookie().some((c) => /^cdash_tx_.*Max-Age=0/.test(c))).toBe(true);
    const junk = await browser.request(`${CALLBACK_PATH}?error=%3Cimg%20src%3Dx%3E`);
    expect(await expectRefusalPage(junk, 400, "idp_error")).toContain("unknown_error");
  });

  it("IdP error text only for this browser's own attempt: a crafted link cannot put words on the page", async () => {
    const { browser, state } = await pendingLogin();
    const message = "Your account is locked. Call +1 555 0100 to unlock it";
    const crafted = [
      `?error=access_denied&error_description=${encodeURIComponent(message)}`,
      `?error=access_denied&error_description=${encodeURIComponent(message)}&state=AAAAAAAAAAAAAAAA.${"B".repeat(43)}`,
      `?error=access_denied&error_description=${encodeURIComponent(message)}&state=${state}x`,
    ];
    for (const query of crafted) {
      // Another browser (no attempt at all), and this browser with a state that is not its own.
      for (const who of [new TestBrowser(testApp(idp)), browser]) {
        const html = await expectRefusalPage(
          await who.request(`${CALLBACK_PATH}${query}`),
          400,
          "idp_error",
        );
        expect(html, query).toContain("access_denied");
        expect(html, query).not.toContain("Call +1 555");
      }
    }
    const own = await browser.request(
      `${CALLBACK_PATH}?error=access_denied&error_description=${encodeURIComponent("User cancelled")}&state=${state}`,
    );
    expect(await expectRefusalPage(own, 400, "idp_error")).toContain(
      "access_denied: User cancelled",
    );
  });

  it("junk query strings, never with a 5xx", async () => {
    const { browser } = await pendingLogin();
    const junk = [
      "",
      "?",
      "?&&&==&",
      "?state=%E0%A4%A&code=%",
      "?state=%ff%fe%00&code=%00",
      "?state=a&state=b&code=c",
      "?code=a&code=b&state=x",
      `?state=${"x".repeat(5000)}&code=y`,
      "?error=a&error=b",
      "?error_description=only",
      "?code[]=1&state[]=2",
      "?__proto__=1&constructor=2&state=x.y",
    ];
    for (const query of junk) {
      const res = await browser.request(`${CALLBACK_PATH}${query}`);
      expect(res.status, query).toBeGreaterThanOrEqual(400);
      expect(res.status, query).toBeLessThan(500);
    }
  });

  it("other methods with 405 and an Allow header", async () => {
    const app = testApp(idp);
    const res = await app.request(`${ORIGIN}${CALLBACK_PATH}`, {
      method: "POST",
      headers: { accept: HTML },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });

  it("refuses HEAD (405), so a link checker cannot spend the one-time code", async () => {
    const app = testApp(idp);
    const res = await app.request(`${ORIGIN}${CALLBACK_PATH}?code=abc&state=def`, {
      method: "HEAD",
      headers: { accept: HTML },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("describeIdpError", () => {
  it("keeps known codes, replaces junk, strips control characters and truncates", () => {
    expect(describeIdpError("access_denied", undefined)).toBe("access_denied");
    expect(describeIdpError("Access Denied!", undefined)).toBe("unknown_error");
    expect(describeIdpError("server_error", "a\r\n\tb")).toBe("server_error: a b");
    expect(describeIdpError("x", "y".repeat(500))).toHaveLength("x: ".length + 201);
  });
});
