/**
 * A minimal browser for tests: fetch with `redirect: "manual"` and a cookie jar that honours
 * cookie paths and deletions. Not a test file; shared by the mock's tests.
 */
interface StoredCookie {
  value: string;
  path: string;
}

export class TestBrowser {
  readonly cookies = new Map<string, StoredCookie>();

  constructor(readonly base: string) {}

  /** Sends a request with the cookies that match its path and stores the answer's cookies. */
  async fetch(pathOrUrl: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(pathOrUrl, this.base);
    const headers = new Headers(init.headers);
    const cookie = [...this.cookies]
      .filter(
        ([, c]) =>
          url.pathname === c.path ||
          url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`),
      )
      .map(([name, c]) => `${name}=${c.value}`)
      .join("; ");
    if (cookie && url.origin === new URL(this.base).origin) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) this.store(line);
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

  private store(line: string): void {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const index = pair.indexOf("=");
    const name = pair.slice(0, index);
    const value = pair.slice(index + 1);
    let path = "/";
    let expired = value === "";
    for (const attribute of attributes) {
      const [key = "", attributeValue = ""] = attribute.split("=");
      if (key.toLowerCase() === "path") path = attributeValue;
      if (key.toLowerCase() === "expires" && Date.parse(attributeValue) <= Date.now())
        expired = true;
      if (key.toLowerCase() === "max-age" && Number(attributeValue) <= 0) expired = true;
    }
    if (expired) this.cookies.delete(name);
    else this.cookies.set(name, { value, path });
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
