/**
 * Another app on the same host (another port of localhost, a sibling path, a sibling subdomain
 * when `cookies.domain` is set) may set cookies named like the session's parts. Whatever it sets,
 * a valid session is found, never cleared, and a page never loops through the login.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
  // Cognito's sizes: the session is two cookies, cdash_session and cdash_session.1.
  idp.accessTokenShape = "cognito";
  idp.refreshTokenLength = 1800;
});
afterAll(() => idp.close());

/** A browser signed in to a fresh app, and that app. */
async function signedIn() {
  const app = testApp(idp);
  const browser = new TestBrowser(app);
  await browser.login(idp, ALICE);
  expect([...browser.cookies.keys()].filter((n) => n.startsWith("cdash_session"))).toEqual([
    "cdash_session",
    "cdash_session.1",
  ]);
  return { app, browser };
}

/** Follow redirects as a browser with a live hosted-UI session does, Chromium's 20 at most. */
async function visit(browser: TestBrowser, path: string) {
  let res = await browser.request(path);
  let hops = 0;
  while (res.status === 302 && hops < 20) {
    hops++;
    let location = res.headers.get("location") ?? "";
    // The hosted UI remembers the user and sends them straight back with a code.
    if (location.startsWith(idp.url)) location = await idp.authorize(location, ALICE);
    res = await browser.request(location);
  }
  return { res, hops };
}

const cleared = (res: Response) => res.headers.getSetCookie().filter((c) => /Max-Age=0/.test(c));

describe("cookies of the session's names set by another app", () => {
  const junk =
    "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAAAAAAAAAAAAAA.junk.AAAAAAAAAAAAAAAAAAAAAA";
  const cases: [string, string[]][] = [
    [
      "a garbage second part with a longer path (sent first)",
      [`cdash_session.1=${junk}; Path=/admin`],
    ],
    ["an extra third part", ["cdash_session.2=extra; Path=/"]],
    ["an extra third part with a longer path", [`cdash_session.2=${junk}; Path=/admin`]],
    [
      "five first parts with longer paths (sent before ours)",
      ["/admin", "/admin/x", "/admin/x/y", "/admin/x/y/z", "/admin/x/y/z/w"].map(
        (path, i) => `cdash_session=${junk.replace("junk", `junk${i}`)}; Path=${path}`,
      ),
    ],
    [
      "a sealed-looking first part and second part together",
      [`cdash_session=${junk}; Path=/admin`, `cdash_session.1=${junk}; Path=/admin`],
    ],
  ];

  for (const [name, planted] of cases) {
    it(`${name}: the session is found and kept, on the first request and from the cache`, async () => {
      const { browser } = await signedIn();
      for (const line of planted) browser.plant(line, "/admin/x/y/z/w");
      const header = browser.cookieHeader("/admin/x/y/z/w");
      for (const path of ["/admin/x/y/z/w", "/admin/x/y/z/w"]) {
        const res = await testApp(idp).request(`http://localhost:3000${path}`, {
          headers: { accept: "text/html", cookie: header },
        });
        // 404: the page does not exist, but the user got past the middleware and requireGroup.
        expect(res.status, path).toBe(404);
        expect(cleared(res)).toEqual([]);
      }
      const { res, hops } = await visit(browser, "/admin");
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("admin area");
      expect(hops).toBe(0);
    });
  }

  it("no redirect loop after a garbage second part with a longer path (ERR_TOO_MANY_REDIRECTS before)", async () => {
    const { browser } = await signedIn();
    browser.plant(`cdash_session.1=garbage-from-another-app; Path=/admin`, "/admin");
    // The session is expired meanwhile: the login must end on the page, not come back to it.
    for (const line of [
      "cdash_session=; Max-Age=0; Path=/",
      "cdash_session.1=; Max-Age=0; Path=/",
    ]) {
      browser.plant(line);
    }
    const { res, hops } = await visit(browser, "/admin");
    expect(res.status).toBe(200);
    expect(hops).toBeLessThanOrEqual(4); // page -> login -> hosted UI -> callback -> page
    // And again, from the cache: no more hops.
    expect((await visit(browser, "/admin")).hops).toBe(0);
  });
});
