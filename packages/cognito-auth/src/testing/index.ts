/**
 * `@cognito-dashboard/cognito-auth/testing`: what an app's own tests need to sign a user in
 * without Cognito. A test IdP (a Cognito-shaped token endpoint and JWKS on a local port, with
 * keys generated per run) and a browser-like client that keeps cookies; `TestBrowser` needs
 * `tough-cookie` installed (an optional peer dependency).
 * @example
 * const idp = await startTestIdp();
 * const browser = new TestBrowser(testApp(idp));
 * await browser.login(idp, ALICE, "/admin"); // 302 to /admin, with a session
 */

/**
 * How many opened session cookies one middleware keeps in memory: a load test that wants every
 * request to open its cookie (a cache miss) uses more distinct sessions than this.
 * @example const sessions = OPENED_CACHE_SIZE * 3;
 */
export { DEFAULT_RECHECK_SECONDS } from "../options.ts";
export { OPENED_CACHE_SIZE } from "../session-cache.ts";
export {
  optionsFor,
  type RequestApp,
  TestBrowser,
  testApp,
} from "./test-browser.ts";
export { ALICE, BOB, type Fault, startTestIdp, type TestIdp, type TestUser } from "./test-idp.ts";
