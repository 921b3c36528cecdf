/**
 * The middleware's session with the mock's real tokens: a refresh token of Cognito's size (a JWE,
 * about 1.8 KB), an access token, a long name and 20 groups. It is split across numbered cookies,
 * each under browsers' 4 KB, over http (localhost) and https (a deployed dashboard, where the
 * names get the `__Host-` prefix), and read back whole. The middleware runs in-process; the mock
 * is the real one, over real HTTP.
 */
import {
  TestBrowser as AppBrowser,
  type TestIdp,
  testApp,
} from "@cognito-dashboard/cognito-auth/testing";
import { type MockIdp, type MockUser, startMockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  form,
  hiddenField,
  TestBrowser as IdpBrowser,
  tokensFor,
} from "../../mock-idp/src/test-support.ts";

const HTTPS_ORIGIN = "https://dash.example.com";
const GROUPS = Array.from({ length: 20 }, (_, i) => `dashboard-team-group-${i + 10}`);
const USER: MockUser = {
  email: "alexandra.maximiliana@example.com",
  password: "Size-test-Passw0rd!",
  name: "Alexandra Maximiliana Administrator-Smith",
  groups: GROUPS,
};

let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({
    port: 0,
    quiet: true,
    users: [USER],
    extraCallbackUrls: [`${HTTPS_ORIGIN}/login/cognito/authorized`],
  });
});
afterAll(() => idp.stop());

/** The middleware's view of the mock: the same fields its test IdP has. */
function asTestIdp(mock: MockIdp): TestIdp {
  return {
    url: mock.url,
    userPoolId: mock.userPoolId,
    clientId: mock.clientId,
    clientSecret: mock.clientSecret,
    jwksUri: mock.jwksUri,
  } as TestIdp;
}

/** Signs in at the real mock with the authorize URL the app sent; returns the app's callback. */
async function signInAtMock(authorizeUrl: string): Promise<string> {
  const browser = new IdpBrowser(idp.url);
  const page = await browser.follow(authorizeUrl);
  const html = await page.text();
  const answer = await browser.fetch(
    page.url,
    form({ _csrf: hiddenField(html, "_csrf"), username: USER.email, password: USER.password }),
  );
  expect(answer.status).toBe(302);
  return answer.headers.get("location") ?? "";
}

describe("session cookies with the mock's real tokens", () => {
  it("split a 1.8 KB JWE refresh token, an access token and 20 groups into cookies under 4 KB, over http and https", async () => {
    // Every refresh token of the mock has the same length (Cognito's, about 1.8 KB).
    const sample = await tokensFor(idp, {}, { username: USER.email, password: USER.password });
    const refreshToken = sample.refresh_token as string;
    expect(refreshToken.split(".")).toHaveLength(5);
    expect(refreshToken.length).toBeGreaterThan(1700);
    expect(typeof sample.access_token).toBe("string");
    for (const origin of ["http://localhost:3000", HTTPS_ORIGIN]) {
      const app = testApp(asTestIdp(idp));
      const browser = new AppBrowser(app, origin);
      const callback = await signInAtMock(await browser.startLogin("/"));
      expect(callback.startsWith(`${origin}/login/cognito/authorized?`)).toBe(true);

      const res = await browser.request(callback);
      expect(res.status).toBe(302);
      const prefix = origin.startsWith("https") ? "__Host-cdash_session" : "cdash_session";
      const parts = res.headers
        .getSetCookie()
        .filter((c) => c.startsWith(`${prefix}=`) || c.startsWith(`${prefix}.`));
      expect(parts.map((c) => c.split("=")[0])).toEqual([prefix, `${prefix}.1`]);
      for (const line of parts) expect(line.length).toBeLessThan(4096);
      const sealed = parts.map((line) => line.split(";")[0]?.split("=")[1] ?? "").join("");
      expect(sealed.length).toBeGreaterThan(refreshToken.length + sample.access_token.length);
      const me = await browser.request("/api/me", { accept: "application/json" });
      expect((await me.json()).groups).toEqual(GROUPS);
    }
  });
});
