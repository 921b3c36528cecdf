import {
  CognitoAuthError,
  type OptionalCognitoAuthVariables,
} from "@cognito-dashboard/cognito-auth";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isApiCall } from "./api-call.ts";
import { CognitoDiscoveryError } from "./config/discovery-error.ts";
import { jsonLine } from "./json-line.ts";
import { type ErrorContent, ErrorPage, SIGN_IN_AGAIN } from "./pages/error-page.tsx";
import { authErrorContent, statusContent } from "./pages/error-text.ts";
import { htmlDocument } from "./pages/layout.tsx";
import { redactSecrets } from "./redact-secrets.ts";

/**
 * `app.onError`: restyles the middleware's refusals as branded pages (same status, same cookies,
 * JSON left as is for API callers), and turns anything unexpected into a generic 500 with the
 * details in the log only.
 */
export function handleError(err: Error, c: Context): Response | Promise<Response> {
  const api = isApiCall(c.req.path, c.req.header("accept"));
  if (err instanceof HTTPException) {
    const original = err.getResponse();
    if ((original.headers.get("content-type") ?? "").includes("json")) return original;
    if (err.status >= 500) logError(c, err);
    const status = Math.max(err.status, 400) as ContentfulStatusCode;
    const content =
      err.cause instanceof CognitoAuthError
        ? authErrorContent(err.cause, status)
        : statusContent(status, err.status >= 500 ? undefined : err.message);
    if (api) {
      // The middleware answered with a page (its callback is for browsers): keep its code.
      const code = err.cause instanceof CognitoAuthError ? err.cause.code : "request_refused";
      return copyHeaders(original, c.json({ error: code, message: content.message }, status));
    }
    return copyHeaders(original, renderError(c, content));
  }
  if (err instanceof CognitoDiscoveryError) return signInUnavailable(err, c);
  logError(c, err);
  if (api) {
    return c.json(
      { error: "internal_error", message: "Something went wrong on our side. Try again." },
      500,
    );
  }
  return renderError(c, statusContent(500));
}

/**
 * The app client's settings could not be had from Cognito (two clients of one name, throttling
 * that outlasted the retries…): a 503 page that says so, with the operator's details in the log
 * only (its message names the pool and the client ids, never a secret).
 */
function signInUnavailable(err: CognitoDiscoveryError, c: Context): Response | Promise<Response> {
  console.error(
    jsonLine({
      level: "error",
      msg: "app client settings unavailable",
      method: c.req.method,
      path: c.req.path,
      code: err.code,
      message: redactSecrets(err.message),
    }),
  );
  const transient = err.code === "throttled" || err.code === "unavailable";
  const message = transient
    ? "The sign-in service is busy. Try again in a moment."
    : "Sign-in is not set up correctly on this deployment. The operator has been told (see the function's log).";
  c.header("Retry-After", transient ? "5" : "60");
  if (isApiCall(c.req.path, c.req.header("accept"))) {
    return c.json({ error: "sign_in_unavailable", message }, 503);
  }
  return renderError(c, {
    status: 503,
    title: "Sign-in is unavailable right now",
    message,
    action: SIGN_IN_AGAIN,
  });
}

/** `app.notFound`: a branded 404 page, or JSON for API callers. */
export function handleNotFound(c: Context): Response | Promise<Response> {
  if (isApiCall(c.req.path, c.req.header("accept"))) {
    return c.json({ error: "not_found", message: "There is nothing at this address." }, 404);
  }
  return renderError(c, statusContent(404));
}

/**
 * Answers with the {@link ErrorPage}, with the signed-in user's nav bar when there is one.
 */
export function renderError(c: Context, content: ErrorContent): Response | Promise<Response> {
  // The variables are unset when the refusal came before a session was found.
  const auth = (c as Context<{ Variables: OptionalCognitoAuthVariables }>).get("auth");
  const user = auth?.user;
  const csrfToken = auth?.csrfToken;
  c.header("Cache-Control", "no-store");
  return c.html(
    htmlDocument(<ErrorPage {...content} user={user} csrfToken={csrfToken} />),
    content.status as ContentfulStatusCode,
  );
}

async function copyHeaders(from: Response, to: Response | Promise<Response>): Promise<Response> {
  const res = await to;
  // Keep what the middleware decided (cleared cookies above all); only the body is ours.
  for (const cookie of from.headers.getSetCookie()) res.headers.append("set-cookie", cookie);
  from.headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (lower === "set-cookie" || lower === "content-type" || lower === "content-length") return;
    res.headers.set(name, value);
  });
  return res;
}

function logError(c: Context, err: Error): void {
  // The path only: a query string can carry an authorization code or state.
  console.error(
    jsonLine({
      level: "error",
      msg: "request failed",
      method: c.req.method,
      path: c.req.path,
      error: err.name,
      // A library's message may quote its input: a cookie, a token, a code.
      message: redactSecrets(err.message),
      stack: redactSecrets(err.stack?.split("\n").slice(1, 6).join("\n") ?? ""),
    }),
  );
}
