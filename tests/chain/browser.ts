/**
 * A tiny scripted browser for the chain tests: `fetch` with a cookie jar that behaves like a
 * browser's on localhost (cookies are shared across ports, as browsers do, so the app's and the
 * mock IdP's cookies meet in one jar), manual or followed redirects, and form helpers.
 */
import { Cookie, CookieJar as ToughCookieJar } from "tough-cookie";

/**
 * A browser's cookie jar: RFC 6265 storage and matching by tough-cookie (host-only cookies shared
 * across the ports of a host, default paths, Max-Age/Expires, no Secure cookie over http, even on
 * localhost), plus the inspection and tampering the tests need, which tough-cookie has no API for.
 * @example const jar = new CookieJar(); jar.store(url, response.headers.getSetCookie());
 */
export class CookieJar {
  readonly #jar: ToughCookieJar;

  constructor(jar = new ToughCookieJar(undefined, { allowSecureOnLocal: false })) {
    this.#jar = jar;
  }

  /** Applies the Set-Cookie headers of a response from `url`; a browser ignores bad ones. */
  store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) this.#jar.setCookieSync(line, url, { ignoreError: true });
  }

  /** The Cookie header a browser would send to `url`, longest paths first. */
  header(url: URL): string | undefined {
    return this.#jar.getCookieStringSync(url) || undefined;
  }

  /** Names of the live cookies, e.g. to check that a logout cleared the session. */
  names(): string[] {
    return this.#live().map((c) => c.key);
  }

  /** The value of the first live cookie whose name matches. */
  get(name: string | RegExp): string | undefined {
    return this.#live().find((c) => (typeof name === "string" ? c.key === name : name.test(c.key)))
      ?.value;
  }

  /** Changes a cookie by hand (to tamper with it), keeping its path; new ones go on `/`. */
  set(name: string, value: string, host = "localhost"): void {
    const existing = this.#live().filter((c) => c.key === name && c.domain === host);
    const targets = existing.length ? existing : [new Cookie({ key: name, path: "/" })];
    for (const cookie of targets) {
      cookie.value = value;
      const scheme = cookie.secure ? "https" : "http";
      this.#jar.setCookieSync(cookie, `${scheme}://${host}${cookie.path ?? "/"}`);
    }
  }

  /** An independent copy: the same browser state, moved to another machine. */
  clone(): CookieJar {
    const copy = this.#jar.cloneSync();
    if (!copy) throw new Error("the cookie store cannot be cloned");
    return new CookieJar(copy);
  }

  /** Every unexpired cookie, whatever its host and path, oldest first. */
  #live(): Cookie[] {
    const now = Date.now();
    return (this.#jar.serializeSync()?.cookies ?? [])
      .map((serialized) => Cookie.fromJSON(serialized))
      .filter((c): c is Cookie => c !== undefined && (c.expiryTime() ?? Infinity) > now);
  }
}

export interface Hop {
  method: string;
  url: string;
  status: number;
  location: string | undefined;
  /** The Set-Cookie headers of the answer, each one separately. */
  setCookies: string[];
}

export interface Visit {
  response: Response;
  /** The final URL, after redirects. */
  url: string;
  /** Every request made, in order. */
  hops: Hop[];
  /** The body of the final response (already read). */
  body: string;
}

/** What a navigation sends, as a browser would. */
const NAVIGATION_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** One browser: a cookie jar and requests that use it. */
export class Browser {
  readonly jar: CookieJar;

  constructor(jar: CookieJar = new CookieJar()) {
    this.jar = jar;
  }

  /** One request, no redirect followed; cookies sent and stored. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    if (!headers.has("accept")) headers.set("accept", NAVIGATION_ACCEPT);
    const cookie = this.jar.header(target);
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    const response = await fetch(target, { ...init, headers, redirect: "manual" });
    this.jar.store(target, response.headers.getSetCookie());
    return response;
  }

  /**
   * A navigation: the request, then every redirect (as GET), up to `maxHops`, stopping early at
   * a URL for which `stopAt` says so (without requesting it).
   */
  async navigate(
    url: string,
    init: RequestInit = {},
    options: { maxHops?: number; stopAt?: (url: URL) => boolean } = {},
  ): Promise<Visit> {
    const hops: Hop[] = [];
    let current = url;
    let currentInit = init;
    for (let i = 0; i < (options.maxHops ?? 15); i++) {
      const response = await this.request(current, currentInit);
      const location = response.headers.get("location") ?? undefined;
      hops.push({
        method: currentInit.method ?? "GET",
        url: current,
        status: response.status,
        location,
        setCookies: response.headers.getSetCookie(),
      });
      if (response.status < 300 || response.status >= 400 || !location) {
        return { response, url: current, hops, body: await response.text() };
      }
      await response.body?.cancel();
      const next = new URL(location, current);
      if (options.stopAt?.(next)) {
        return { response, url: current, hops, body: "" };
      }
      current = next.href;
      currentInit = {};
    }
    throw new Error(`too many redirects from ${url}: ${hops.map((h) => h.url).join(" -> ")}`);
  }

  /** Submits a form as urlencoded POST and follows the redirects. */
  submit(
    action: string,
    fields: Record<string, string>,
    options: { stopAt?: (url: URL) => boolean } = {},
  ): Promise<Visit> {
    return this.navigate(
      action,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      },
      options,
    );
  }
}

export interface ParsedForm {
  /** Absolute URL the form posts to. */
  action: string;
  method: string;
  /** Hidden fields, by name. */
  hidden: Record<string, string>;
  fieldNames: string[];
}

/**
 * The forms of an HTML page, with their hidden fields; `pageUrl` resolves relative actions.
 * @example const [login] = parseForms(visit.body, visit.url);
 */
export function parseForms(html: string, pageUrl: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = match[1] ?? "";
    const inner = match[2] ?? "";
    const action = decodeEntities(attribute(attrs, "action") ?? "");
    const hidden: Record<string, string> = {};
    const fieldNames: string[] = [];
    for (const input of inner.matchAll(/<(?:input|button)\b([^>]*)>/gi)) {
      const name = attribute(input[1] ?? "", "name");
      if (!name) continue;
      fieldNames.push(name);
      if ((attribute(input[1] ?? "", "type") ?? "").toLowerCase() === "hidden") {
        hidden[name] = decodeEntities(attribute(input[1] ?? "", "value") ?? "");
      }
    }
    forms.push({
      action: new URL(action || pageUrl, pageUrl).href,
      method: (attribute(attrs, "method") ?? "get").toLowerCase(),
      hidden,
      fieldNames,
    });
  }
  return forms;
}

function attribute(attrs: string, name: string): string | undefined {
  const m = attrs.match(new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
