/** Test infrastructure: a Hono app wired to a test IdP, and a browser-like cookie jar. */

import { Hono } from "hono";
import { type Cookie, CookieJar } from "tough-cookie";
import type { CognitoAuthVariables } from "../auth-deps.ts";
import { cognitoAuth } from "../cognito-auth.ts";
import type { CognitoAuthOptions } from "../options.ts";
import { requireGroup } from "../require-group.ts";
import type { TestIdp, TestUser } from "./test-idp.ts";

export const SECRET_A = "secret-A-0123456789-0123456789-0123456789";
export const SECRET_B = "secret-B-0123456789-0123456789-0123456789";
export const ORIGIN = "http://localhost:3000";
export const HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** The options of a middleware pointed at `idp`. */
export function optionsFor(
  idp: TestIdp,
  extra: Partial<CognitoAuthOptions> = {},
): CognitoAuthOptions {
  return {
    domain: idp.url,
    userPoolId: idp.userPoolId,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    sessionSecrets: [SECRET_A],
    jwksUri: idp.jwksUri,
    ...extra,
  };
}

/** A small app: a home page, a deep page, `/api/me`, an admin page, `/healthz`. */
export function testApp(
  idp: TestIdp,
  extra: Partial<CognitoAuthOptions> = {},
): Hono<{ Variables: CognitoAuthVariables }> {
  const app = new Hono<{ Variables: CognitoAuthVariables }>();
  app.use(cognitoAuth(optionsFor(idp, extra)));
  app.get("/", (c) => c.text(`home of ${c.get("auth").user.email}`));
  app.get("/reports/:id", (c) =>
    c.text(`report ${c.req.param("id")} for ${c.get("auth").user.email}`),
  );
  app.get("/api/me", (c) => c.json({ ...c.get("auth").user, csrf: c.get("auth").csrfToken }));
  app.get("/admin", requireGroup("admins"), (c) => c.text("admin area"));
  app.get("/api/admin", requireGroup("admins"), (c) => c.json({ ok: true }));
  app.get("/healthz", (c) => c.text("ok"));
  return app;
}

/** What a test browser needs of an app: Hono's `request`. */
export type RequestApp = {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
};

/**
 * Keeps cookies like a browser (tough-cookie's RFC 6265 jar; Max-Age=0 deletes) and sends
 * matching ones. One deliberate difference: a cookie whose Max-Age runs out while the clock is
 * frozen and moved on is still sent, so the tests can show that the server refuses an expired
 * session or login attempt by itself, as it must for a stolen or replayed cookie.
 */
export class TestBrowser {
  /** No Secure cookie over http, even on localhost, as a browser does. */
  readonly #jar = new CookieJar(undefined, { allowSecureOnLocal: false });
  readonly #app: RequestApp;
  readonly #origin: string;

  constructor(app: RequestApp, origin = ORIGIN) {
    this.#app = app;
    this.#origin = origin;
  }

  /**
   * The cookies of the app's host, by name, oldest first. The entries are the jar's own (the
   * memory store hands out what it holds), so a test can tamper with `value` in place.
   */
  get cookies(): ReadonlyMap<string, Cookie> {
    const cookies = this.#jar
      .getCookiesSync(this.#origin, { allPaths: true, expire: false })
      .sort((a, b) => a.creationIndex - b.creationIndex);
    return new Map(cookies.map((c) => [c.key, c]));
  }

  /** The cookie header this browser would send to `path`. */
  cookieHeader(path: string): string {
    return this.#jar.getCookieStringSync(new URL(path, this.#origin), { expire: false });
  }

  /**
   * Store a cookie as if another app on the same host had set it (`Path`, `Domain` and all), as
   * a browser would: e.g. `plant("cdash_session.1=junk; Path=/admin")`.
   */
  plant(setCookie: string, path = "/"): void {
    this.#store(setCookie, new URL(path, this.#origin));
  }

  async request(path: string, init: RequestInit & { accept?: string } = {}): Promise<Response> {
    const url = new URL(path, this.#origin);
    const headers = new Headers(init.headers);
    if (!headers.has("accept")) headers.set("accept", init.accept ?? HTML);
    const cookie = this.cookieHeader(url.pathname);
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    const res = await this.#app.request(url.href, { ...init, headers });
    for (const line of res.headers.getSetCookie()) this.#store(line, url);
    return res;
  }

  /** Stores one Set-Cookie; one already expired (a deletion) is removed at once, not on read. */
  #store(line: string, url: URL): void {
    const cookie = this.#jar.setCookieSync(line, url, { ignoreError: true });
    if (cookie?.domain && cookie.path && (cookie.expiryTime() ?? Infinity) <= Date.now()) {
      this.#jar.store.removeCookie(cookie.domain, cookie.path, cookie.key, (error) => {
        if (error) throw error;
      });
    }
  }

  /** Start a login (deep link or `/login/cognito`) and stop at the hosted UI: its authorize URL. */
  async startLogin(path = "/"): Promise<string> {
    let res = await this.request(path);
    while (res.status === 302) {
      const location = res.headers.get("location") ?? "";
      if (!location.startsWith("/")) return location;
      res = await this.request(location);
    }
    throw new Error(`login did not reach the IdP: ${res.status}`);
  }

  /** Full login through `idp` as `user`; returns the callback's response (302 to the deep link). */
  async login(idp: TestIdp, user: TestUser, path = "/"): Promise<Response> {
    const callback = await idp.authorize(await this.startLogin(path), user);
    return this.request(callback);
  }
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * `value` with the character at `at` changed in its top bit. (Flipping a low bit of a segment's
 * last base64url character can land in padding bits and decode to the same bytes.)
 */
export function tamper(value: string, at: number): string {
  const index = BASE64URL.indexOf(value[at] ?? "");
  const flipped = index < 0 ? "A" : BASE64URL[index ^ 32];
  return `${value.slice(0, at)}${flipped}${value.slice(at + 1)}`;
}
