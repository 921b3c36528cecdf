import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from "aws-lambda";
import { isApiCall } from "./api-call.ts";
import { errorAnswer } from "./error-answer.tsx";
import { statusContent } from "./pages/error-text.ts";

/** Characters no header value may hold: `Headers` refuses them, and the adapter logs the value. */
const FORBIDDEN_IN_HEADER = /[\0\r\n]/;
/** Beyond Latin-1: `Headers` refuses it in the Cookie header the adapter builds from `cookies`. */
const NOT_LATIN1 = /[^\0-\xff]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** RFC 9110 `token`: what a method or a header name is made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** `fetch`'s `Request` refuses these (and a Function URL never forwards them). */
const FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);
/** The host the adapter puts in the request URL: a DNS name or an address, with a port. */
const HOST =
  /^(?:[A-Za-z0-9-]{1,63}\.)*[A-Za-z0-9-]{1,63}(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/**
 * Screens a Function URL event before `hono/aws-lambda` turns it into a `Request`. That adapter
 * answers a malformed event with a 500 (a body flagged base64 that is not) or a bare 400, and logs
 * the raw error with `console.error`, whose message quotes the offending value: a cookie, or the
 * whole URL with its `code=` and `state=`. A path without its leading `/` would even change the
 * request's origin (`https://<domain>` + `@evil.example/`). Here whatever a real Function URL
 * never sends (cookies that are not an array of strings, such a path, an invalid header name or
 * value, TRACE/CONNECT/TRACK) is refused with a problem that names no value; a body on GET or
 * HEAD, which `Request` refuses, is dropped as Node's own server would.
 * @example const checked = checkFunctionUrlEvent(event); if ("refused" in checked) return badRequestResult(event);
 */
export function checkFunctionUrlEvent(
  event: LambdaFunctionURLEvent,
): { event: LambdaFunctionURLEvent } | { refused: string } {
  if (typeof event !== "object" || event === null) return { refused: "event" };
  const context = event.requestContext;
  const method = context?.http?.method;
  if (typeof method !== "string" || !TOKEN.test(method)) return { refused: "method" };
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) return { refused: "method" };
  if (!isRawPath(event.rawPath)) return { refused: "path" };
  if (event.rawQueryString !== undefined && typeof event.rawQueryString !== "string") {
    return { refused: "query" };
  }
  const headers: unknown = event.headers ?? {};
  if (typeof headers !== "object" || headers === null || Array.isArray(headers)) {
    return { refused: "headers" };
  }
  for (const [name, value] of Object.entries(headers)) {
    // The name is not echoed: it is not a name, and may be anything.
    if (!TOKEN.test(name)) return { refused: "header name" };
    if (typeof value !== "string" || FORBIDDEN_IN_HEADER.test(value)) {
      return { refused: `header ${name}` };
    }
  }
  // The adapter takes the URL's host from here (or, without it, from the Host header).
  const host = typeof context.domainName === "string" ? context.domainName : event.headers?.host;
  if (typeof host !== "string" || !HOST.test(host)) return { refused: "host" };
  // The adapter joins these into one Cookie header only when they are an array.
  const cookies: unknown = event.cookies;
  if (cookies !== undefined) {
    if (!Array.isArray(cookies)) return { refused: "cookies" };
    for (const cookie of cookies) {
      if (
        typeof cookie !== "string" ||
        FORBIDDEN_IN_HEADER.test(cookie) ||
        NOT_LATIN1.test(cookie)
      ) {
        return { refused: "cookies" };
      }
    }
  }
  if (event.body !== undefined && event.body !== "") {
    if (typeof event.body !== "string") return { refused: "body" };
    if (method.toUpperCase() === "GET" || method.toUpperCase() === "HEAD") {
      const { body: _dropped, ...rest } = event;
      return { event: { ...rest, isBase64Encoded: false } };
    }
    if (event.isBase64Encoded && !BASE64.test(event.body)) return { refused: "body encoding" };
  }
  return { event };
}

/**
 * The answer to an event {@link checkFunctionUrlEvent} refused: 400, the app's error page (JSON
 * for API callers), never cached.
 */
export function badRequestResult(event: LambdaFunctionURLEvent): LambdaFunctionURLResult {
  // The event was refused: any field may be of any type.
  const headers = typeof event?.headers === "object" && event.headers !== null ? event.headers : {};
  const accept = typeof headers.accept === "string" ? headers.accept : undefined;
  const api = isApiCall(typeof event?.rawPath === "string" ? event.rawPath : "/", accept);
  const answer = errorAnswer({ ...statusContent(400), code: "bad_request" }, api);
  return {
    statusCode: answer.status,
    headers: answer.headers,
    body: answer.body,
    isBase64Encoded: false,
  };
}

/** A path as a Function URL sends it: from the root, no whitespace, controls, query or fragment. */
function isRawPath(path: unknown): boolean {
  if (typeof path !== "string" || !path.startsWith("/")) return false;
  for (let i = 0; i < path.length; i++) {
    const code = path.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || code === 0x23 /* # */ || code === 0x3f /* ? */) {
      return false;
    }
  }
  return true;
}
