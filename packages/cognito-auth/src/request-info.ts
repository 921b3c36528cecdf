import type { Context } from "hono";
import type { ResolvedCommonOptions } from "./options.ts";

/** What the middleware needs to know about a request to answer it. */
export interface RequestInfo {
  /** The public origin: `baseUrl` if set, else the request URL's. */
  origin: string;
  https: boolean;
  /** An API caller: under `apiPrefix`, or not accepting HTML. Gets JSON, never a redirect. */
  api: boolean;
}

/** Set by `cognitoAuth` so `requireGroup` answers API callers the same way. */
const infoByRequest = new WeakMap<Request, RequestInfo>();

/**
 * Describe a request once and remember it for `requireGroup`.
 * @example describeRequest(c, options).api // true for GET /api/me
 */
export function describeRequest(c: Context, options: ResolvedCommonOptions): RequestInfo {
  const origin = options.baseUrl ?? new URL(c.req.url).origin;
  const path = c.req.path;
  const underApi = path === options.apiPrefix || path.startsWith(`${options.apiPrefix}/`);
  const info: RequestInfo = {
    origin,
    https: origin.startsWith("https:"),
    api: underApi || !acceptsHtml(c.req.header("accept")),
  };
  infoByRequest.set(c.req.raw, info);
  return info;
}

/**
 * The info `cognitoAuth` recorded, or a best guess from the request alone.
 * @example recordedRequestInfo(c).api // true when cognitoAuth saw an API call
 */
export function recordedRequestInfo(c: Context): RequestInfo {
  const known = infoByRequest.get(c.req.raw);
  if (known) return known;
  const origin = new URL(c.req.url).origin;
  const path = c.req.path;
  return {
    origin,
    https: origin.startsWith("https:"),
    api: path === "/api" || path.startsWith("/api/") || !acceptsHtml(c.req.header("accept")),
  };
}

function acceptsHtml(accept: string | undefined): boolean {
  return typeof accept === "string" && accept.toLowerCase().includes("text/html");
}

/**
 * Whether a path is public: exact entries, or a prefix for entries ending in `/*`.
 * @example isPublicPath("/static/app.css", ["/static/*"]) // true
 */
export function isPublicPath(path: string, publicPaths: string[]): boolean {
  return publicPaths.some((p) =>
    p.endsWith("/*") ? path.startsWith(p.slice(0, -1)) || path === p.slice(0, -2) : path === p,
  );
}
