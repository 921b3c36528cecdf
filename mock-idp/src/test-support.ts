/**
 * Helpers shared by the mock's tests (not a test file itself): a minimal browser (fetch with
 * `redirect: "manual"` and tough-cookie's RFC 6265 jar) and the steps of a sign-in.
 */
import { localCallbackUrls } from "@cognito-dashboard/local-dev";
import { type Cookie, CookieJar } from "tough-cookie";

export class TestBrowser {
  /** No Secure cookie over http, even on localhost, as a browser does. */
  readonly #jar = new CookieJar(undefined, { allowSecureOnLocal: false });

  readonly base: string;

  constructor(base: string) {
    this.base = base;
  }

  /** The live cookies of the mock's host, by name, oldest first (a view for assertions). */
  get cookies(): ReadonlyMap<string, Cookie> {
    const cookies = this.#jar
      .getCookiesSync(this.base, { allPaths: true })
      .sort((a, b) => a.creationIndex - b.creationIndex);
    return new Map(cookies.map((c) => [c.key, c]));
  }

  /** Sends a request with the cookies that match its URL and stores the answer's cookies. */
  async fetch(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.base);
    const headers = new Headers(init.headers);
    const cookie = this.#jar.getCookieStringSync(url);
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      this.#jar.setCookieSync(line, url, { ignoreError: true });
    }
    return response;
  }

  /** Follows redirects on the mock's own origin; stops at the first one that leaves it. */
  async follow(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    let response = await this.fetch(pathOrUrl, init);
    let hops = 0;
    while (response.status >= 300 && response.status < 400 && hops++ < 10) {
      const next = new URL(response.headers.get("location") ?? "", this.base);
      if (next.origin !== new URL(this.base).origin) return response;
      response = await this.fetch(next.toString());
    }
    return response;
  }

  /** The value of a cookie, if set. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name)?.value;
  }
}

/** A form body for fetch. */
export function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

/** Reads the value of a hidden input from a page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no hidden field ${name} in the page`);
  return match[1];
}

/** The parts of a running mock the helpers need. */
interface Idp {
  url: string;
  clientId: string;
  clientSecret: string;
}

/** The callback URL the tests use (registered through local-dev). */
export const REDIRECT_URI = localCallbackUrls()[0] as string;

/** The header and payload of a JWT, unverified. */
export function decodeJwt(jwt: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header = "", payload = ""] = jwt.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString()),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString()),
  };
}

/** `Authorization: Basic …` for the app client (client_secret_basic). */
export function basicAuth(idp: Idp, secret = idp.clientSecret): string {
  return `Basic ${Buffer.from(`${idp.clientId}:${secret}`).toString("base64")}`;
}

/** The authorize query the dashboard would send. */
export function authorizeQuery(idp: Idp, params: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    response_type: "code",
    client_id: idp.clientId,
    redirect_uri: REDIRECT_URI,
    scope: "openid email profile",
    state: "st-123",
    ...params,
  });
}

/**
 * authorize -> /login form -> POST credentials. Returns the browser, the sign-in page's HTML and
 * the answer to the POST (a 302 to the app on success).
 */
export async function signIn(
  idp: Idp,
  params: Record<string, string> = {},
  credentials = { username: "demo@example.com", password: "Passw0rd!" },
  browser = new TestBrowser(idp.url),
): Promise<{ browser: TestBrowser; html: string; answer: Response; loginUrl: URL }> {
  const authorize = await browser.fetch(`/oauth2/authorize?${authorizeQuery(idp, params)}`);
  if (authorize.status !== 302) throw new Error(`authorize answered ${authorize.status}`);
  const loginUrl = new URL(authorize.headers.get("location") ?? "", idp.url);
  const page = await browser.fetch(loginUrl.toString());
  const html = await page.text();
  const answer = await browser.fetch(
    loginUrl.toString(),
    form({ _csrf: hiddenField(html, "_csrf"), ...credentials }),
  );
  return { browser, html, answer, loginUrl };
}

/** The code from a redirect to the app; throws when the answer is not one. */
export function codeFrom(response: Response): string {
  const location = response.headers.get("location") ?? "";
  const code = URL.parse(location)?.searchParams.get("code");
  if (response.status !== 302 || !location.startsWith(REDIRECT_URI) || !code) {
    throw new Error(
      `expected a redirect to the app with a code, got ${response.status} ${location}`,
    );
  }
  return code;
}

/** POST /oauth2/token with a form body and (by default) client_secret_basic. */
export function tokenRequest(
  idp: Idp,
  body: Record<string, string>,
  headers: Record<string, string> = { authorization: basicAuth(idp) },
): Promise<Response> {
  return fetch(`${idp.url}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body),
  });
}

/** Signs in and exchanges the code; returns the token answer's JSON. */
export async function tokensFor(
  idp: Idp,
  params: Record<string, string> = {},
  credentials?: { username: string; password: string },
): Promise<Record<string, string>> {
  const { answer } = await signIn(idp, params, credentials);
  const response = await tokenRequest(idp, {
    grant_type: "authorization_code",
    code: codeFrom(answer),
    redirect_uri: REDIRECT_URI,
  });
  if (response.status !== 200) throw new Error(`token endpoint answered ${response.status}`);
  return (await response.json()) as Record<string, string>;
}
