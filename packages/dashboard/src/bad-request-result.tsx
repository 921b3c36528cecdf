import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from "aws-lambda";
import { ErrorPage, HOME_ACTION } from "./pages/error-page.tsx";

const MESSAGE = "The request could not be read.";

/**
 * The answer to an event `checkFunctionUrlEvent` refused: 400, JSON for API callers, the app's own
 * error page for browsers, never cached. Built without the app (the event never became a request).
 * @example return badRequestResult(event);
 */
export function badRequestResult(event: LambdaFunctionURLEvent): LambdaFunctionURLResult {
  const headers = typeof event?.headers === "object" && event.headers !== null ? event.headers : {};
  const accept = typeof headers.accept === "string" ? headers.accept : "";
  const html = accept.includes("text/html");
  const page = (
    <ErrorPage status={400} title="Bad request" message={MESSAGE} action={HOME_ACTION} />
  );
  return {
    statusCode: 400,
    headers: {
      "content-type": html ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'",
    },
    body: html
      ? `<!doctype html>${page}`
      : JSON.stringify({ error: "bad_request", message: MESSAGE }),
    isBase64Encoded: false,
  };
}
