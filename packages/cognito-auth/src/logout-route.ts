import type { Context } from "hono";
import { constantTimeEqual } from "./crypto-utils.ts";
import { CognitoAuthError } from "./errors.ts";
import { refusal } from "./pages.ts";
import type { RequestInfo } from "./request-info.ts";
import { clearSessionCookies, type Session } from "./session-cookie.ts";
import { findSession, type GuardDeps } from "./session-guard.ts";

/** A logout form is one hidden field: anything bigger is not ours. */
const MAX_FORM_BYTES = 8 * 1024;

/**
 * `GET /logout` (a plain link) and `POST /logout` (the CSRF-protected button): expire the session
 * cookie, revoke the refresh token (best effort: a failure never blocks the logout), and send the
 * browser to the hosted UI's `/logout`, which comes back to this origin's `/`.
 * @example if (c.req.path === LOGOUT_PATH) return handleLogout(c, deps, info);
 */
export async function handleLogout(c: Context, deps: GuardDeps, info: RequestInfo) {
  const header = c.req.header("cookie");
  const opened = findSession(deps, header, info.https);
  // Read before any await: the scan is shared with the next request.
  const sent = deps.scan.hasSession;
  const session: Session | undefined = opened?.session;
  if (c.req.method === "GET" && session !== undefined && isCrossSiteNavigation(c)) {
    // Any website could link here: logging out would end the session and revoke its refresh
    // token on someone else's say-so. Links inside the app (and typed URLs) still work.
    throw refusal(new CognitoAuthError("csrf_mismatch"), { api: info.api, login: info.login });
  }
  if (c.req.method === "POST" && session !== undefined) {
    const submitted = await csrfField(c);
    if (submitted === undefined || !(await constantTimeEqual(submitted, session.csrfToken))) {
      throw refusal(new CognitoAuthError("csrf_mismatch"), { api: info.api, login: info.login });
    }
  }
  await deps.options.onLogout?.(c, opened?.user);
  const client = await deps.client();
  if (session !== undefined && session.refreshToken !== "") {
    client.renewals.forget(session.refreshToken);
    // Bounded by the IdP deadline; a failure (IdP down) never blocks the logout.
    await client.tokens.revoke(session.refreshToken);
  }
  const { domain, clientId } = client.options;
  const idpLogout = new URL(`${domain}/logout`);
  idpLogout.search = new URLSearchParams({
    client_id: clientId,
    logout_uri: `${info.origin}${deps.options.routes.afterLogout}`,
  }).toString();
  if (sent) {
    for (const line of clearSessionCookies(deps.options.cookies, info.https, header)) {
      c.header("set-cookie", line, { append: true });
    }
  }
  c.header("cache-control", "no-store");
  return c.redirect(idpLogout.href, 302);
}

/**
 * Whether the browser says the request comes from another site (Fetch Metadata). Browsers send
 * `Sec-Fetch-Site` on every navigation; a client that sends none (curl, old browsers) is trusted,
 * since it cannot be driven by another site's page.
 */
function isCrossSiteNavigation(c: Context): boolean {
  const site = c.req.header("sec-fetch-site");
  return site === "cross-site" || site === "same-site";
}

/** The `_csrf` field of a small urlencoded form (what a `<form method="post">` sends). */
async function csrfField(c: Context): Promise<string | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return undefined;
  const length = Number(c.req.header("content-length") ?? "0");
  if (!Number.isFinite(length) || length > MAX_FORM_BYTES) return undefined;
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    return undefined;
  }
  if (text.length > MAX_FORM_BYTES) return undefined;
  const values = new URLSearchParams(text).getAll("_csrf");
  return values.length === 1 ? values[0] : undefined;
}
