import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path.ts";
import { CALLBACK_PATH, LOGIN_PATH } from "./testing/routes.ts";
import { HTML, ORIGIN, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

/** Open-redirect attempts: every one must be refused. */
const HOSTILE = [
  "//evil.example",
  "//evil.example/path",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "/path\\..\\..\\x",
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  " /path",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/path\u0000",
  "/\u2028/evil.example",
  "%2F%2Fevil.example",
  "/%2Fevil.example",
  "/%2F%2Fevil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "/%252F%252Fevil.example",
  "/%09/evil.example",
  "/%0D%0ALocation:%20https://evil.example",
  "/%E0%A4%A",
  "/a b",
  "",
  `/${"a".repeat(1100)}`,
  // Under 1024 characters but not under 1024 bytes: the attempt cookie would pass 4 KB.
  `/${"€".repeat(400)}`,
];

const FINE = [
  "/",
  "/reports/7",
  "/reports/7?tab=a%20b&x=1",
  "/a/b/c#frag",
  "/search?q=%2F%2F",
  "/caf\u00e9",
  `/${"€".repeat(341)}`,
];

describe("safeReturnPath", () => {
  it.each(HOSTILE)("refuses %j", (path) => {
    expect(safeReturnPath(path)).toBeUndefined();
  });
  it.each(FINE)("keeps %j", (path) => {
    expect(safeReturnPath(path)).toBe(path);
  });
  it("refuses a lone surrogate (not UTF-8, so not a URL path)", () => {
    expect(safeReturnPath("/\ud800")).toBeUndefined();
    expect(safeReturnPath("/a\udc00b")).toBeUndefined();
  });
  it("refuses non-strings", () => {
    expect(safeReturnPath(undefined)).toBeUndefined();
    expect(safeReturnPath(null)).toBeUndefined();
  });
});

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());

describe("open redirects through the middleware", () => {
  it("refuses a hostile return_to at the login with a 400 page", async () => {
    const app = testApp(idp);
    for (const path of HOSTILE.filter((p) => p !== "")) {
      const res = await app.request(
        `${ORIGIN}${LOGIN_PATH}?return_to=${encodeURIComponent(path)}`,
        { headers: { accept: HTML } },
      );
      expect(res.status, path).toBe(400);
      expect(res.headers.get("location"), path).toBeNull();
      expect(await res.text()).toContain("Error code: invalid_return_path");
    }
    const twice = await app.request(`${ORIGIN}${LOGIN_PATH}?return_to=/a&return_to=//evil.example`);
    expect(twice.status).toBe(400);
  });

  it("keeps the login-attempt cookie under 4 KB for the longest return path it accepts", async () => {
    const app = testApp(idp);
    // The bound applies to the path as it travels, percent-encoded: 113 "€" are 1018 bytes.
    for (const path of [
      `/${"a".repeat(1023)}`,
      `/${"€".repeat(113)}`,
      `/${"%E2%82%AC".repeat(113)}`,
    ]) {
      const res = await app.request(
        `${ORIGIN}${LOGIN_PATH}?return_to=${encodeURIComponent(path)}`,
        {
          headers: { accept: HTML },
        },
      );
      expect(res.status, path).toBe(302);
      const [cookie = ""] = res.headers.getSetCookie();
      expect(cookie.split(";")[0]?.length, path).toBeLessThan(4096);
    }
  });

  it("remembers '/' for a request whose own path is hostile (GET //evil.example)", async () => {
    const app = testApp(idp);
    for (const path of ["//evil.example/x", "/%2F%2Fevil.example", "/%5Cevil.example"]) {
      const res = await app.request(`${ORIGIN}${path}`, { headers: { accept: HTML } });
      expect(res.status, path).toBe(302);
      expect(res.headers.get("location"), path).toBe(LOGIN_PATH);
    }
  });

  it("returns to a non-ASCII path percent-encoded, never as raw bytes in Location", async () => {
    const browser = new TestBrowser(testApp(idp));
    const res = await browser.login(
      idp,
      ALICE,
      // Latin-1 only: Hono percent-encodes a Location with "€" in it, but not one with "é".
      `${LOGIN_PATH}?return_to=${encodeURIComponent("/reports/café?q=é#é")}`,
    );
    expect(res.headers.get("location")).toBe("/reports/caf%C3%A9?q=%C3%A9#%C3%A9");
  });

  it("only ever redirects to a same-origin relative path after the callback", async () => {
    const browser = new TestBrowser(testApp(idp));
    const res = await browser.login(idp, ALICE, "/reports/5?x=1");
    expect(res.headers.get("location")).toBe("/reports/5?x=1");
    // The callback itself ignores any redirect-like parameter.
    const browser2 = new TestBrowser(testApp(idp));
    const callback = await idp.authorize(await browser2.startLogin("/"), ALICE);
    const res2 = await browser2.request(
      `${callback}&return_to=//evil.example&redirect_uri=https://evil.example&next=//evil.example`,
    );
    expect([res2.status, res2.headers.get("location")]).toEqual([302, "/"]);
    expect(CALLBACK_PATH).toBe(new URL(callback).pathname);
  });
});
