import type { Context, Next } from "hono";
import { generateCookie } from "hono/cookie";
import type { AuthDeps, ClientDeps, CognitoUser } from "./auth-deps.ts";
import { CognitoAuthError } from "./errors.ts";
import { RETURN_TO_PARAM } from "./login-route.ts";
import { asAuthError, refusal } from "./pages.ts";
import type { RequestInfo } from "./request-info.ts";
import { safeReturnPath } from "./safe-return-path.ts";
import { cookieValues, openSession, type Session, sealSession } from "./session-cookie.ts";

/**
 * A protected request: open the session cookie, renew an expired ID token with the refresh token
 * (same request, no redirect), expose `c.get("user")` and `c.get("csrfToken")`, then continue.
 * Without a usable session: 302 to the login for pages, 401 JSON for API callers; a bad cookie is
 * cleared on the way.
 * @example return guardSession(c, next, deps, info);
 */
export async function guardSession(
  c: Context,
  next: Next,
  deps: AuthDeps,
  info: RequestInfo,
): Promise<Response | undefined> {
  const name = deps.options.cookies.sessionName(info.https);
  const candidates = cookieValues(c.req.header("cookie"), name);
  if (candidates.length === 0) return unauthenticated(c, deps, info, []);
  const now = Date.now();
  let session: Session | undefined;
  for (const sealed of candidates) {
    const opened = openSession(deps.sealer, sealed);
    if (opened !== undefined && opened.sessionExpiresAt > now) {
      session = opened;
      break;
    }
  }
  if (session === undefined) {
    const clear = generateCookie(name, "", deps.options.cookies.sessionOptions(info.https, 0));
    return unauthenticated(c, deps, info, [clear]);
  }
  let renewed: string | undefined;
  if (session.idTokenExpiresAt <= now) {
    // Outside the try: settings that cannot be had are the app's problem, not the session's.
    const client = await deps.client();
    let resealed: string;
    try {
      session = await renew(client, session);
      resealed = await sealSession(deps.sealer, session);
    } catch (err) {
      const error = asAuthError(err);
      // The IdP down, slow or talking nonsense is not the user's fault: keep the session (no
      // Set-Cookie), answer 503 with Retry-After, and let the next request try again.
      if (error.code === "idp_unavailable")
        throw refusal(error, { api: info.api, login: info.login });
      const clear = generateCookie(name, "", deps.options.cookies.sessionOptions(info.https, 0));
      return unauthenticated(c, deps, info, [clear]);
    }
    const maxAge = Math.ceil((session.sessionExpiresAt - now) / 1000);
    renewed = generateCookie(
      name,
      resealed,
      deps.options.cookies.sessionOptions(info.https, maxAge),
    );
  }
  c.set("user", toUser(session));
  c.set("csrfToken", session.csrfToken);
  // A page made for one user must never be kept by a shared cache (CDN, proxy).
  const markedPrivate = markPrivateOnNode(c);
  await next();
  // Added after the handler: a handler may return a bare `new Response()`, which would drop
  // headers prepared on the context.
  try {
    if (renewed !== undefined) c.res.headers.append("set-cookie", renewed);
    if (!markedPrivate && !c.res.headers.has("cache-control")) {
      c.res.headers.set("cache-control", "private");
    }
  } catch {
    // Immutable headers (a proxied fetch Response): the next request renews again.
  }
  return undefined;
}

/** What `@hono/node-server` puts in `c.env`: Node's response, among others. */
interface NodeBindings {
  outgoing?: { headersSent?: unknown; setHeader?: unknown };
}

/**
 * On `@hono/node-server`, `Cache-Control: private` goes on Node's response before the handler
 * runs: Node merges it with the headers the response is written with, and those win, so an app's
 * own Cache-Control is kept, exactly as the check after the handler does. Reading `c.res.headers`
 * there instead makes node-server build a `Headers` object for every response (about 1.5 us of
 * the 4 us this middleware adds to a request). Elsewhere (Lambda, `app.request()`) the header is
 * set after the handler. Returns whether it was set here.
 */
function markPrivateOnNode(c: Context): boolean {
  const outgoing = (c.env as NodeBindings | undefined)?.outgoing;
  if (
    outgoing === undefined ||
    typeof outgoing.setHeader !== "function" ||
    outgoing.headersSent !== false
  ) {
    return false;
  }
  (outgoing.setHeader as (name: string, value: string) => void).call(
    outgoing,
    "cache-control",
    "private",
  );
  return true;
}

/**
 * Refresh the ID token (one call per session however many requests wait for it); throws when the
 * IdP refuses or the new token does not verify.
 */
async function renew(deps: ClientDeps, session: Session): Promise<Session> {
  if (session.refreshToken === "") throw new CognitoAuthError("unauthenticated");
  const { claims, refreshToken } = await deps.renewals.renew(session.refreshToken);
  if (claims.sub !== session.sub) throw new CognitoAuthError("unauthenticated");
  return {
    ...session,
    username: claims.username,
    email: claims.email,
    name: claims.name,
    groups: claims.groups,
    idTokenExpiresAt: claims.expiresAt,
    refreshToken: refreshToken ?? session.refreshToken,
  };
}

function toUser(session: Session): CognitoUser {
  const { sub, username, email, name, groups, sessionExpiresAt } = session;
  return { sub, username, email, name, groups, sessionExpiresAt };
}

/** 401 JSON for API callers; for pages, a 302 to the login remembering `path + query`. */
function unauthenticated(
  c: Context,
  deps: AuthDeps,
  info: RequestInfo,
  cookies: string[],
): Response {
  const login = deps.options.routes.login;
  if (info.api)
    throw refusal(new CognitoAuthError("unauthenticated"), { api: true, cookies, login });
  const url = new URL(c.req.url);
  const here = `${url.pathname}${url.search}`;
  const remembered = c.req.method === "GET" ? safeReturnPath(here) : undefined;
  const location =
    remembered === undefined || remembered === "/"
      ? login
      : `${login}?${new URLSearchParams({ [RETURN_TO_PARAM]: remembered })}`;
  for (const cookie of cookies) c.header("set-cookie", cookie, { append: true });
  c.header("cache-control", "no-store");
  return c.redirect(location, 302);
}
