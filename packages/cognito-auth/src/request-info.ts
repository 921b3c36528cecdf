import type { Context } from "hono";
import type { ResolvedCommonOptions } from "./options.ts";

/** What the middleware needs to know about a request to answer it. */
export interface RequestInfo {
  /** The public origin: `baseUrl` if set, else the request URL's. */
  readonly origin: string;
  readonly https: boolean;
  /** An API caller: under `apiPrefix`, or not accepting HTML. Gets JSON, never a redirect. */
  readonly api: boolean;
  /** The middleware's login route, for a refusal page's "Sign in again" link. */
  readonly login: string;
}

/** Where `cognitoAuth` leaves the request's info for `requireGroup` (a context variable). */
const INFO_KEY = "cognitoAuth:request";

/**
 * What is known about a request, worked out when first asked: a request with a valid session
 * needs only `https` (the cookie's name), and that is read off the URL without parsing it.
 */
class LazyRequestInfo implements RequestInfo {
  readonly https: boolean;
  readonly login: string;
  readonly #c: Context;
  readonly #baseUrl: string | undefined;
  readonly #apiPrefix: string;
  #origin: string | undefined;
  #api: boolean | undefined;

  constructor(c: Context, baseUrl: string | undefined, apiPrefix: string, login: string) {
    this.login = login;
    this.#c = c;
    this.#baseUrl = baseUrl;
    this.#apiPrefix = apiPrefix;
    this.https = (baseUrl ?? c.req.url).startsWith("https:");
  }

  get origin(): string {
    this.#origin ??= this.#baseUrl ?? new URL(this.#c.req.url).origin;
    return this.#origin;
  }

  get api(): boolean {
    if (this.#api === undefined) {
      const path = this.#c.req.path;
      const prefix = this.#apiPrefix;
      const underApi = path === prefix || path.startsWith(`${prefix}/`);
      this.#api = underApi || !acceptsHtml(this.#c.req.header("accept"));
    }
    return this.#api;
  }
}

/**
 * Describe a request (lazily) and remember it for `requireGroup`.
 * @example describeRequest(c, options).api // true for GET /api/me
 */
export function describeRequest(c: Context, options: ResolvedCommonOptions): RequestInfo {
  const info = new LazyRequestInfo(c, options.baseUrl, options.apiPrefix, options.routes.login);
  c.set(INFO_KEY, info);
  return info;
}

/**
 * Where a shared `auth` object keeps the options of the middleware that made it: a signed-in
 * request on the hit path records no info of its own, and `requireGroup` works it out from these
 * when it needs to refuse. A symbol: not enumerable by JSON, not a name an app would use.
 */
export const AUTH_OPTIONS = Symbol("cognitoAuth:options");

/**
 * The info `cognitoAuth` recorded (or would have, for a request it let through on its hit path),
 * or a best guess from the request alone.
 * @example recordedRequestInfo(c).api // true when cognitoAuth saw an API call
 */
export function recordedRequestInfo(c: Context): RequestInfo {
  const known = c.get(INFO_KEY) as RequestInfo | undefined;
  if (known !== undefined) return known;
  const auth = c.get("auth") as { [AUTH_OPTIONS]?: ResolvedCommonOptions } | undefined;
  const options = auth?.[AUTH_OPTIONS];
  if (options !== undefined) return describeRequest(c, options);
  return new LazyRequestInfo(c, undefined, "/api", "/login/cognito");
}

function acceptsHtml(accept: string | undefined): boolean {
  return typeof accept === "string" && accept.toLowerCase().includes("text/html");
}

/**
 * A test of whether a path is public, built once: exact entries, or a prefix for entries ending
 * in `/*` (which also matches the bare prefix).
 * @example publicPathMatcher(["/static/*"])("/static/app.css") // true
 */
export function publicPathMatcher(publicPaths: string[]): (path: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const p of publicPaths) {
    if (p.endsWith("/*")) {
      prefixes.push(p.slice(0, -1));
      exact.add(p.slice(0, -2));
    } else {
      exact.add(p);
    }
  }
  return (path) => exact.has(path) || prefixes.some((prefix) => path.startsWith(prefix));
}
