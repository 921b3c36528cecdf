/**
 * Just enough of a browser for a login chain: a cookie jar keyed like a browser's (by host name,
 * not port, so cookies are shared across 127.0.0.1 ports, as on localhost), manual redirects, and
 * the mock IdP's sign-in form. It uses Node's fetch with its keep-alive pool, as a browser would.
 */

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  /** Epoch ms; Infinity for a session cookie. */
  expires: number;
}

/** A browser's cookie store, without the Secure/SameSite rules (loopback counts as secure). */
export class CookieJar {
  readonly #cookies = new Map<string, StoredCookie>();

  /** Stores the cookies of one response to `url`. */
  store(url: URL, setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const cookie: StoredCookie = {
        name: pair.slice(0, eq).trim(),
        value: pair.slice(eq + 1).trim(),
        host: url.hostname,
        path: defaultPath(url),
        expires: Number.POSITIVE_INFINITY,
      };
      for (const attribute of attributes) {
        const [rawKey = "", ...rest] = attribute.split("=");
        const key = rawKey.trim().toLowerCase();
        const value = rest.join("=").trim();
        if (key === "path" && value.startsWith("/")) cookie.path = value;
        else if (key === "max-age") cookie.expires = Date.now() + Number(value) * 1000;
        else if (key === "expires" && cookie.expires === Number.POSITIVE_INFINITY) {
          cookie.expires = Date.parse(value);
        }
      }
      const key = `${cookie.host}|${cookie.path}|${cookie.name}`;
      if (cookie.expires <= Date.now()) this.#cookies.delete(key);
      else this.#cookies.set(key, cookie);
    }
  }

  /** The `cookie` header a browser would send to `url` (empty when none). */
  header(url: URL): string {
    const now = Date.now();
    const sent: string[] = [];
    for (const cookie of this.#cookies.values()) {
      if (cookie.host !== url.hostname || cookie.expires <= now) continue;
      if (!pathMatches(url.pathname, cookie.path)) continue;
      sent.push(`${cookie.name}=${cookie.value}`);
    }
    return sent.join("; ");
  }

  /** The value of one cookie for `url`, if the jar holds it. */
  get(url: URL, name: string): string | undefined {
    for (const cookie of this.#cookies.values()) {
      if (cookie.name === name && cookie.host === url.hostname) return cookie.value;
    }
    return undefined;
  }
}

function defaultPath(url: URL): string {
  const slash = url.pathname.lastIndexOf("/");
  return slash <= 0 ? "/" : url.pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length) === "/";
}

/** One step of a chain: what was asked and what came back. */
export interface Hop {
  method: string;
  url: string;
  status: number;
  /** Request sent to body read, in milliseconds. */
  ms: number;
}

/** Where a chain ended. */
export interface ChainEnd {
  url: URL;
  status: number;
  body: string;
  location: string | undefined;
  hops: Hop[];
}

export interface Credentials {
  username: string;
  password: string;
}

const MAX_HOPS = 15;

/**
 * Follows redirects from `start`, fills in the sign-in form when one is served, and stops at the
 * first answer that is neither, or at the first redirect `stopAt` accepts (left unfollowed).
 * @example await signIn(new CookieJar(), new URL("http://127.0.0.1:3000/login/cognito"), user)
 */
export async function signIn(
  jar: CookieJar,
  start: URL,
  credentials: Credentials,
  stopAt: (location: URL) => boolean = () => false,
): Promise<ChainEnd> {
  const hops: Hop[] = [];
  let url = start;
  let method = "GET";
  let body: URLSearchParams | undefined;
  let submitted = false;
  for (let i = 0; i < MAX_HOPS; i++) {
    const headers: Record<string, string> = { accept: "text/html" };
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (body) headers["content-type"] = "application/x-www-form-urlencoded";
    const sent = performance.now();
    const res = await fetch(url, { method, headers, body, redirect: "manual" });
    const text = await res.text();
    hops.push({ method, url: url.href, status: res.status, ms: performance.now() - sent });
    jar.store(url, res.headers.getSetCookie());
    const location = res.headers.get("location") ?? undefined;
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (stopAt(next)) return { url, status: res.status, body: text, location, hops };
      url = next;
      method = "GET";
      body = undefined;
      continue;
    }
    const form = res.status === 200 && !submitted ? parseSignInForm(text, url) : undefined;
    if (!form) return { url, status: res.status, body: text, location, hops };
    form.fields.set("username", credentials.username);
    form.fields.set("password", credentials.password);
    url = form.action;
    method = "POST";
    body = form.fields;
    submitted = true;
  }
  throw new Error(`no end after ${MAX_HOPS} hops: ${hops.map((h) => h.status).join(" ")}`);
}

/** The sign-in form of a page: its action and every hidden field (the CSRF token among them). */
export function parseSignInForm(
  html: string,
  page: URL,
): { action: URL; fields: URLSearchParams } | undefined {
  const forms = html.replace(/<!--[\s\S]*?-->/g, "").match(/<form\b[^>]*>[\s\S]*?<\/form>/gi);
  const form = forms?.find((match) => /name="password"/i.test(match));
  if (!form) return undefined;
  const actionAttr = /<form\b[^>]*\baction="([^"]*)"/i.exec(form)?.[1];
  const fields = new URLSearchParams();
  for (const input of form.match(/<input\b[^>]*>/gi) ?? []) {
    if (!/type="hidden"/i.test(input)) continue;
    const name = /\bname="([^"]*)"/i.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/i.exec(input)?.[1] ?? "";
    if (name) fields.set(name, decodeEntities(value));
  }
  const action = actionAttr ? new URL(decodeEntities(actionAttr), page) : page;
  return { action, fields };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
