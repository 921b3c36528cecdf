/**
 * Starts the real pieces for the chain tests (the mock IdP on a free port, the dashboard on a
 * registered one) and walks the login and logout chains with a {@link Browser}. Nothing here
 * stands in for our own code: every step is real HTTP between the real servers.
 */
import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";
import { type LocalServer, startLocalServer } from "@cognito-dashboard/dashboard";
import {
  CALLBACK_PATH,
  LOGIN_PATH,
  LOGOUT_PATH,
  SIGNED_OUT_PATH,
} from "@cognito-dashboard/local-dev";
import {
  type MockIdp,
  type MockIdpOptions,
  type MockUser,
  startMockIdp,
} from "@cognito-dashboard/mock-idp";
import { expect } from "vitest";
import { type Browser, parseForms, type Visit } from "./browser.ts";

export const PASSWORD = "Chain-test-Passw0rd!";
export const ADMIN: MockUser = {
  email: "ada.admin@example.com",
  password: PASSWORD,
  name: "Ada Admin",
  groups: ["admins"],
};
export const DEMO: MockUser = {
  email: "dan.demo@example.com",
  password: PASSWORD,
  name: "Dan Demo",
  groups: [],
};

/** Keys the tests seal sessions with (each at least 32 characters). */
export const KEY_1 = "chain-test-session-key-one-0123456789abcdef";
export const KEY_2 = "chain-test-session-key-two-0123456789abcdef";

/** The mock IdP on a free port with the two test users. */
export function startIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  return startMockIdp({ port: 0, quiet: true, users: [ADMIN, DEMO], ...options });
}

/** The middleware's options for a mock IdP, as `resolveConfig` builds them for MOCK_IDP_URL. */
export function authFor(
  idp: MockIdp,
  overrides: Partial<CognitoAuthOptions> = {},
): CognitoAuthOptions {
  return {
    domain: idp.url,
    userPoolId: idp.userPoolId,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    jwksUri: idp.jwksUri,
    sessionSecrets: [KEY_1],
    ...overrides,
  };
}

/** `createApp` served by @hono/node-server on a registered local port. */
export function startDashboard(
  port: number,
  idp: MockIdp,
  overrides: Partial<CognitoAuthOptions> = {},
): Promise<LocalServer> {
  return startLocalServer({
    port,
    mode: "app",
    config: { auth: authFor(idp, overrides), source: "mock" },
  });
}

export interface LoginForm {
  /** The visit that ended on the hosted UI's sign-in form. */
  visit: Visit;
  action: string;
  hidden: Record<string, string>;
}

/**
 * Opens `url` in the app and follows the redirects up to the hosted UI's sign-in form.
 * @example const form = await openLoginForm(browser, `${app}/admin`, idp);
 */
export async function openLoginForm(
  browser: Browser,
  url: string,
  idp: MockIdp,
): Promise<LoginForm> {
  const visit = await browser.navigate(url);
  expect(visit.response.status, `the sign-in form after ${describeHops(visit)}`).toBe(200);
  const at = new URL(visit.url);
  expect(at.origin).toBe(idp.url);
  expect(at.pathname).toBe("/login");
  const form = parseForms(visit.body, visit.url).find((f) => f.fieldNames.includes("password"));
  if (!form) throw new Error(`no sign-in form on ${visit.url}`);
  return { visit, action: form.action, hidden: form.hidden };
}

/**
 * Types the credentials into the form and follows the redirects (callback, then the deep link),
 * or stops at the callback when `stopAtCallback` is set (to replay it).
 */
export function submitLogin(
  browser: Browser,
  form: LoginForm,
  user: Pick<MockUser, "email" | "password">,
  options: { stopAtCallback?: boolean } = {},
): Promise<Visit> {
  return browser.submit(
    form.action,
    { ...form.hidden, username: user.email, password: user.password },
    options.stopAtCallback ? { stopAt: (url) => url.pathname === CALLBACK_PATH } : {},
  );
}

/** The callback URL (`…/login/cognito/authorized?code=…&state=…`) the IdP sent the browser to. */
export function callbackOf(visit: Visit): string {
  const hop = visit.hops.at(-1);
  const location = hop?.location ? new URL(hop.location, hop.url) : undefined;
  if (!location || location.pathname !== CALLBACK_PATH) {
    throw new Error(`no redirect to the callback in ${describeHops(visit)}`);
  }
  return location.href;
}

/**
 * The whole login: deep link -> /login/cognito -> authorize -> sign-in form -> callback -> deep
 * link. Checks each step on the way and returns the final visit (the deep link's page).
 */
export async function logIn(
  browser: Browser,
  app: string,
  deepLink: string,
  user: MockUser,
  idp: MockIdp,
): Promise<Visit> {
  const form = await openLoginForm(browser, `${app}${deepLink}`, idp);
  const [first, toLogin, toAuthorize] = form.visit.hops;
  expect(first?.status, "the deep link without a session").toBe(302);
  const loginRoute = new URL(first?.location ?? "", app);
  expect(loginRoute.origin).toBe(app);
  expect(loginRoute.pathname).toBe(LOGIN_PATH);
  expect(toLogin?.status, "the login route").toBe(302);
  const authorize = new URL(toLogin?.location ?? "");
  expect(authorize.origin + authorize.pathname).toBe(`${idp.url}/oauth2/authorize`);
  expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
    response_type: "code",
    client_id: idp.clientId,
    redirect_uri: `${app}${CALLBACK_PATH}`,
    code_challenge_method: "S256",
  });
  expect(authorize.searchParams.get("scope")?.split(" ")).toEqual(
    expect.arrayContaining(["openid", "email", "profile"]),
  );
  for (const p of ["state", "nonce", "code_challenge"]) {
    expect(authorize.searchParams.get(p)?.length ?? 0, p).toBeGreaterThanOrEqual(16);
  }
  expect(toAuthorize?.url).toBe(authorize.href);

  const landed = await submitLogin(browser, form, user);
  const callback = landed.hops.find((h) => new URL(h.url).pathname === CALLBACK_PATH);
  expect(callback, `a callback in ${describeHops(landed)}`).toBeDefined();
  const callbackUrl = new URL(callback?.url ?? "");
  expect(callbackUrl.origin).toBe(app);
  expect(callbackUrl.searchParams.get("state")).toBe(authorize.searchParams.get("state"));
  expect(callback?.status).toBe(302);
  expect(landed.url, `landed after ${describeHops(landed)}`).toBe(`${app}${deepLink}`);
  expect(landed.response.status).toBe(200);
  return landed;
}

/** GET /api/me as a script in that browser would. */
export async function apiMe(
  browser: Browser,
  app: string,
): Promise<{ status: number; body: unknown }> {
  const res = await browser.request(`${app}/api/me`, { headers: { accept: "application/json" } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the assertion on `body` shows it.
  }
  return { status: res.status, body };
}

/**
 * Presses the page's Log out button: POST /logout with its `_csrf`, then follows the hosted UI's
 * /logout back to the app's "you are signed out" page.
 */
export async function logOutWithButton(browser: Browser, page: Visit, app: string): Promise<Visit> {
  const button = parseForms(page.body, page.url).find(
    (f) => new URL(f.action).pathname === LOGOUT_PATH && f.method === "post",
  );
  if (!button) throw new Error(`no Log out form on ${page.url}`);
  expect(new URL(button.action).origin).toBe(app);
  return browser.submit(button.action, button.hidden);
}

/**
 * Checks that a logout ended on the app's signed-out page, then follows its "Sign in again" link
 * and checks that the hosted UI asks for the password (its session ended too).
 */
export async function expectSignedOut(browser: Browser, out: Visit, app: string): Promise<Visit> {
  expect(out.url, describeHops(out)).toBe(`${app}${SIGNED_OUT_PATH}`);
  expect(out.response.status).toBe(200);
  expect(out.body).toContain("You are signed out");
  expect(browser.jar.get("cdash_session")).toBeUndefined();
  const link = out.body.match(/<a class="button primary" href="([^"]+)">Sign in again<\/a>/)?.[1];
  expect(link).toBe(LOGIN_PATH);
  const again = await browser.navigate(new URL(link ?? "", app).href);
  expect(new URL(again.url).pathname, describeHops(again)).toBe("/login");
  expect(again.response.status).toBe(200);
  expect(again.body).toMatch(/type="password"/);
  return again;
}

/** `a -> b -> c` for messages. */
export function describeHops(visit: Visit): string {
  return visit.hops.map((h) => `${h.method} ${h.url} (${h.status})`).join(" -> ");
}
