import { CognitoAuthError, type CognitoUser } from "@cognito-dashboard/cognito-auth";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { CognitoDiscoveryError } from "./config/discovery-error.ts";
import { ErrorPage, type ErrorPageProps, HOME_ACTION, SIGN_IN_AGAIN } from "./pages/error-page.tsx";
import { redactSecrets } from "./redact-secrets.ts";

/**
 * Whether a request wants JSON rather than a page: anything under /api, or a client that does not
 * accept HTML (the same rule the middleware uses for its 401s).
 * @example wantsJson(c) // true for fetch("/api/me"), false for a browser navigation
 */
export function wantsJson(c: Context): boolean {
  const path = c.req.path;
  if (path === "/api" || path.startsWith("/api/")) return true;
  return !(c.req.header("accept") ?? "").includes("text/html");
}

/**
 * `app.onError`: restyles the middleware's refusals as branded pages (same status, same cookies,
 * JSON left as is for API callers), and turns anything unexpected into a generic 500 with the
 * details in the log only.
 * @example app.onError(handleError)
 */
export function handleError(err: Error, c: Context): Response | Promise<Response> {
  if (err instanceof HTTPException) {
    const original = err.getResponse();
    if ((original.headers.get("content-type") ?? "").includes("json")) return original;
    if (err.status >= 500) logError(c, err);
    const status = Math.max(err.status, 400) as ContentfulStatusCode;
    const props =
      err.cause instanceof CognitoAuthError
        ? authErrorProps(err.cause, status)
        : statusProps(status, err.status >= 500 ? undefined : err.message);
    if (wantsJson(c)) {
      // The middleware answered with a page (its callback is for browsers): keep its code.
      const code = err.cause instanceof CognitoAuthError ? err.cause.code : "request_refused";
      return copyHeaders(original, c.json({ error: code, message: props.message }, status));
    }
    return copyHeaders(original, renderError(c, props));
  }
  if (err instanceof CognitoDiscoveryError) return signInUnavailable(err, c);
  logError(c, err);
  if (wantsJson(c)) {
    return c.json(
      { error: "internal_error", message: "Something went wrong on our side. Try again." },
      500,
    );
  }
  return renderError(c, statusProps(500));
}

/**
 * The app client's settings could not be had from Cognito (two clients of one name, throttling
 * that outlasted the retries…): a 503 page that says so, with the operator's details in the log
 * only (its message names the pool and the client ids, never a secret).
 */
function signInUnavailable(err: CognitoDiscoveryError, c: Context): Response | Promise<Response> {
  console.error(
    JSON.stringify({
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
  if (wantsJson(c)) return c.json({ error: "sign_in_unavailable", message }, 503);
  return renderError(c, {
    status: 503,
    title: "Sign-in is unavailable right now",
    message,
    action: SIGN_IN_AGAIN,
  });
}

/** `app.notFound`: a branded 404 page, or JSON for API callers. */
export function handleNotFound(c: Context): Response | Promise<Response> {
  if (wantsJson(c)) {
    return c.json({ error: "not_found", message: "There is nothing at this address." }, 404);
  }
  return renderError(c, statusProps(404));
}

/**
 * Renders an {@link ErrorPage} with the signed-in user's nav bar when there is one.
 * @example return renderError(c, { status: 403, title: "…", message: "…", action: HOME_ACTION })
 */
export function renderError(
  c: Context,
  props: Omit<ErrorPageProps, "user" | "csrfToken">,
): Response | Promise<Response> {
  // The variables are unset when the refusal came before a session was found.
  const user = c.get("user") as CognitoUser | undefined;
  const csrfToken = c.get("csrfToken") as string | undefined;
  const page = <ErrorPage {...props} user={user} csrfToken={csrfToken} />;
  c.header("Cache-Control", "no-store");
  return c.html(`<!doctype html>${page}`, props.status as ContentfulStatusCode);
}

function authErrorProps(cause: CognitoAuthError, status: number): ErrorPageProps {
  // `detail` (beyond the contract, so read defensively) is only shown when it is the IdP's words.
  const detail = (cause as { detail?: unknown }).detail;
  const base = {
    status,
    message: cause.message,
    detail:
      cause.code === "idp_error" && typeof detail === "string" && detail
        ? `The sign-in service said: ${detail}`
        : undefined,
  };
  switch (cause.code) {
    case "unauthenticated":
      return { ...base, title: "Please sign in", action: SIGN_IN_AGAIN };
    case "not_in_group":
      return {
        ...base,
        title: "You don't have access to this page",
        message: `${cause.message} Ask an administrator if you think you should.`,
        action: HOME_ACTION,
      };
    case "csrf_mismatch":
      return { ...base, title: "This request could not be verified", action: HOME_ACTION };
    case "bad_request":
    case "method_not_allowed":
      return { ...base, title: "Request refused", action: HOME_ACTION };
    case "idp_unavailable":
      return { ...base, title: "Sign-in is unavailable right now", action: SIGN_IN_AGAIN };
    default:
      return { ...base, title: "We couldn't sign you in", action: SIGN_IN_AGAIN };
  }
}

const STATUS_TEXT: Record<number, [title: string, message: string]> = {
  400: ["Bad request", "The request could not be understood."],
  401: ["Please sign in", "You need to sign in to see this page."],
  403: ["Access denied", "You are not allowed to do this."],
  404: ["Page not found", "There is nothing at this address. It may have moved."],
  405: ["Not allowed", "This page does not accept that kind of request."],
  413: ["Request too large", "The request was larger than this service accepts."],
  431: ["Request too large", "The request headers (cookies, most often) were too large."],
  500: ["Something went wrong", "Something went wrong on our side. Try again in a moment."],
};

function statusProps(status: number, message?: string): ErrorPageProps {
  const [title, fallback] =
    STATUS_TEXT[status] ??
    (status >= 500
      ? (STATUS_TEXT[500] as [string, string])
      : ["Request refused", "This request was refused."]);
  return {
    status,
    title,
    message: message || fallback,
    action: status === 401 ? SIGN_IN_AGAIN : HOME_ACTION,
  };
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
    JSON.stringify({
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
