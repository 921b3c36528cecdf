import { html, raw } from "hono/html";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { CognitoAuthError } from "./errors.ts";

const TITLES: Record<number, string> = {
  400: "We could not sign you in",
  401: "Please sign in",
  403: "Access denied",
  405: "Not allowed",
  503: "Sign-in service unavailable",
};

/** The default login route, for a refusal made outside a middleware (requireGroup unmounted). */
const DEFAULT_LOGIN = "/login/cognito";

/** When to try again after `idp_unavailable` (a 503): a brief outage or a key rotation. */
export const RETRY_AFTER_SECONDS = 5;

/** Headers every refusal carries: never cached, never framed, no script. */
const BASE_HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/**
 * The plain default page of a refusal, with a "Sign in again" link; every value is escaped by
 * hono/html. An app with its own pages renders them in `app.onError` from the `CognitoAuthError`
 * cause instead (see the README's "Errors").
 * @example renderErrorPage(new CognitoAuthError("state_mismatch")) // "<!doctype html>..."
 */
export function renderErrorPage(error: CognitoAuthError, login = DEFAULT_LOGIN): string {
  const title = TITLES[error.status] ?? "Something went wrong";
  const detail = error.detail
    ? html`<p class="detail">The sign-in service said: ${error.detail}</p>`
    : "";
  const home = error.code === "not_in_group" ? html`<a href="/">Back to the home page</a> · ` : "";
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<main>
<h1>${title}</h1>
<p>${error.message}</p>
${detail}
<p>${home}<a href="${login}">Sign in again</a></p>
<p class="code">Error code: ${error.code} (HTTP ${error.status})</p>
</main>
</body>
</html>
`.toString();
}

/** A constant of ours, not input: inserted raw so its quotes stay CSS. */
const STYLE = `body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f4f6f9;color:#1c2430}
main{max-width:32rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 4px 24px #0001}
h1{margin-top:0;font-size:1.4rem}.detail{color:#5a6473}.code{color:#8a93a0;font-size:.85rem}
a{color:#1f5fd6;font-weight:600}`;

/**
 * The `HTTPException` a refusal throws: its `res` is the full page (or JSON for API callers),
 * including any Set-Cookie the refusal needs (e.g. clearing a bad session), and its `cause` is
 * the `CognitoAuthError`.
 * @example throw refusal(new CognitoAuthError("not_in_group"), { api: true, cookies: [] });
 */
export function refusal(
  error: CognitoAuthError,
  options: {
    api: boolean;
    cookies?: string[];
    headers?: Record<string, string>;
    /** The login route, for the page's "Sign in again" link. */
    login?: string;
  },
): HTTPException {
  const headers = new Headers({ ...BASE_HEADERS, ...options.headers });
  if (error.status === 503) headers.set("retry-after", String(RETRY_AFTER_SECONDS));
  for (const cookie of options.cookies ?? []) headers.append("set-cookie", cookie);
  let body: string;
  if (options.api) {
    headers.set("content-type", "application/json; charset=utf-8");
    body = JSON.stringify({ error: error.code, message: error.message });
  } else {
    headers.set("content-type", "text/html; charset=utf-8");
    body = renderErrorPage(error, options.login);
  }
  const status = error.status as ContentfulStatusCode;
  const res = new Response(body, { status, headers });
  return new HTTPException(status, { res, cause: error, message: error.message });
}

/**
 * Wrap anything thrown below the edge into a `CognitoAuthError` (library errors are wrapped once).
 * @example asAuthError(new TypeError("x")).code // "bad_request"
 */
export function asAuthError(err: unknown): CognitoAuthError {
  if (err instanceof CognitoAuthError) return err;
  return new CognitoAuthError("bad_request", { cause: err });
}
