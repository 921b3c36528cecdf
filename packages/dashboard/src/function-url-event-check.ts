import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from "aws-lambda";
import { isApiCall } from "./api-call.ts";
import { errorAnswer } from "./error-answer.tsx";
import { statusContent } from "./pages/error-text.ts";

/** Characters no header value may hold: `Headers` refuses them, and the adapter logs the value. */
const FORBIDDEN_IN_HEADER = /[\0\r\n]/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const METHOD = /^[A-Za-z]{1,32}$/;

/**
 * Screens a Function URL event before `hono/aws-lambda` turns it into a `Request`. That adapter
 * answers a malformed event with a 500 (a body flagged base64 that is not) or a bare 400, and logs
 * the raw error, whose message quotes the offending header value: with a Cookie header, the whole
 * session cookie. Here such an event gets a 400 and a log line that names only the problem; a
 * body on GET or HEAD, which `Request` refuses, is dropped as Node's own server would.
 */
export function checkFunctionUrlEvent(
  event: LambdaFunctionURLEvent,
): { event: LambdaFunctionURLEvent } | { refused: string } {
  const method = event.requestContext?.http?.method;
  if (typeof method !== "string" || !METHOD.test(method)) return { refused: "method" };
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === "string" && FORBIDDEN_IN_HEADER.test(value)) {
      return { refused: `header ${name.slice(0, 64)}` };
    }
  }
  if ((event.cookies ?? []).some((cookie) => FORBIDDEN_IN_HEADER.test(cookie))) {
    return { refused: "cookies" };
  }
  if (event.body !== undefined && event.body !== "") {
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
  const api = isApiCall(event.rawPath ?? "/", event.headers?.accept);
  const answer = errorAnswer({ ...statusContent(400), code: "bad_request" }, api);
  return {
    statusCode: answer.status,
    headers: answer.headers,
    body: answer.body,
    isBase64Encoded: false,
  };
}
