import type { Context, MiddlewareHandler, Next } from "hono";
import type { AuthDeps, ClientDeps, CognitoAuth } from "./auth-deps.ts";
import { cookieHeader } from "./cookie-header.ts";
import { CognitoAuthError } from "./errors.ts";
import { RETURN_TO_PARAM } from "./login-route.ts";
import {
  ACCESS_TOKEN_MARGIN_MS,
  accessTokenNotKept,
  type OpenedSession,
  openedSession,
} from "./opened-session.ts";
import { asAuthError, refusal } from "./pages.ts";
import { markPrivateAfter, markPrivateOnNode } from "./private-answers.ts";
import { describeRequest, type RequestInfo } from "./request-info.ts";
import { safeReturnPath } from "./safe-return-path.ts";
import type { SessionCache } from "./session-cache.ts";
import {
  clearSessionCookies,
  openSession,
  type Session,
  storeSession,
  userOf,
} from "./session-cookie.ts";
import { recheckDue } from "./session-recheck.ts";
import type { SessionCookieScan } from "./session-scan.ts";

/** What the session guard keeps besides the routes' dependencies: created once per middleware. */
export interface GuardDeps extends AuthDeps {
  /** Sessions opened lately. */
  sessions: SessionCache<OpenedSession>;
  /** The Cookie header's scan, reused by every request (read synchronously after `scan`). */
  scan: SessionCookieScan;
  /** Whether requests are https, when `baseUrl` says so for all of them; else per request. */
  https: boolean | undefined;
}

/**
 * A request past the routes and public paths: find its session, renew an expired ID token with
 * the refresh token (same request, no redirect), expose `c.get("auth")`, then continue.
 * Without a usable session: when auth is required, 302 to the login for pages and 401 JSON for
 * API callers; when optional, on without `auth`. A bad cookie is cleared on the way.
 *
 * The hit path (a session opened lately, nothing to renew) is one scan of the Cookie header, one
 * map lookup and an in-place compare: the session, its user and its `auth` are shared objects,
 * and nothing is allocated for the request. Anything else takes the full path below.
 * @example return guardSession(c, next, deps);
 */
export function guardSession(
  c: Context,
  next: Next,
  deps: GuardDeps,
): ReturnType<MiddlewareHandler> {
  const https = deps.https ?? c.req.url.startsWith("https:");
  const header = cookieHeader(c);
  const scan = deps.scan.scan(header, deps.options.cookies.sessionName(https));
  const cached = deps.sessions.find(scan);
  if (cached !== undefined && Date.now() < cached.sharedUntil) {
    return signedIn(c, next, cached.auth);
  }
  return fullPath(c, next, deps, https, header, cached);
}

/**
 * Every other request: open the candidates (synchronously: the scan is shared with the next
 * request), then on as a hit if nothing is due, or check expiry, renew or refuse.
 */
function fullPath(
  c: Context,
  next: Next,
  deps: GuardDeps,
  https: boolean,
  header: string | undefined,
  cached: OpenedSession | undefined,
): ReturnType<MiddlewareHandler> {
  const now = Date.now();
  const opened =
    cached !== undefined && cached.session.sessionExpiresAt > now
      ? cached
      : openCandidates(deps, now);
  if (opened !== undefined && now < opened.sharedUntil) {
    // Just opened, nothing to renew: as a hit from here on (no frame of an async function).
    return signedIn(c, next, opened.auth);
  }
  return settle(c, next, deps, https, header, opened, now);
}

/** No session, or one to renew or re-check: the path that may call Cognito or refuse. */
async function settle(
  c: Context,
  next: Next,
  deps: GuardDeps,
  https: boolean,
  header: string | undefined,
  opened: OpenedSession | undefined,
  now: number,
): ReturnType<MiddlewareHandler> {
  const { cookies, required } = deps.options;
  const info = describeRequest(c, deps.options);
  if (opened === undefined) {
    return anonymous(
      c,
      next,
      deps,
      info,
      deps.scan.hasSession ? clearSessionCookies(cookies, https, header) : [],
    );
  }
  const state: SessionState = { session: opened.session, setCookies: undefined };
  if (opened.session.idTokenExpiresAt <= now) {
    try {
      await renewInPlace(c, deps, info, state);
    } catch (err) {
      const error = asAuthError(err);
      // The IdP down, slow or talking nonsense is not the user's fault: keep the session (no
      // Set-Cookie), answer 503 with Retry-After, and let the next request try again.
      if (error.code === "idp_unavailable") {
        if (required) throw refusal(error, { api: info.api, login: info.login });
        return anonymous(c, next, deps, info, []);
      }
      return anonymous(c, next, deps, info, clearSessionCookies(cookies, https, header));
    }
  } else if (recheckDue(opened.session, now, deps.options.recheckMs)) {
    // Cognito refusing ends the session; Cognito unreachable keeps it (no 503): see the module.
    const outcome = await deps.rechecks.run(opened.session, () =>
      renewInPlace(c, deps, info, state),
    );
    if (outcome === "ended") {
      return anonymous(c, next, deps, info, clearSessionCookies(cookies, https, header));
    }
  }
  return signedIn(c, next, authOf(c, deps, info, state, opened), state);
}

/**
 * The session a Cookie header holds (one that has not ended), from the cache or opened and kept.
 * @example const opened = findSession(deps, c.req.header("cookie"), info.https);
 */
export function findSession(
  deps: GuardDeps,
  header: string | undefined,
  https: boolean,
): OpenedSession | undefined {
  const now = Date.now();
  const cached = deps.sessions.find(
    deps.scan.scan(header, deps.options.cookies.sessionName(https)),
  );
  return cached !== undefined && cached.session.sessionExpiresAt > now
    ? cached
    : openCandidates(deps, now);
}

/**
 * The first candidate of the last scan that opens to a session that has not ended, kept in the
 * cache; `undefined` when none does.
 */
function openCandidates(deps: GuardDeps, now: number): OpenedSession | undefined {
  const scan = deps.scan;
  for (let candidate = 0; candidate < scan.candidateCount; candidate++) {
    const session = openSession(deps.sealer, scan.joined(candidate));
    if (session === undefined || session.sessionExpiresAt <= now) continue;
    const opened = openedSession(session, deps);
    deps.sessions.add(scan, candidate, opened);
    return opened;
  }
  return undefined;
}

/**
 * On to the app as a signed-in request, `auth` exposed. After the handler (which may return a bare
 * `new Response()`, dropping headers prepared on the context): the cookies of a renewal (`state`,
 * read then, since `accessToken()` may renew during the handler), and the answer made private
 * (`private-answers.ts`) unless Node's answer does that as its head is written. A page made for
 * one user must never be kept by a shared cache (CDN, proxy). With nothing to do afterwards, the
 * app's own promise is returned: no frame of ours around it.
 */
function signedIn(c: Context, next: Next, auth: CognitoAuth, state?: SessionState): Promise<void> {
  c.set("auth", auth);
  const markedPrivate = markPrivateOnNode(c);
  if (markedPrivate && state === undefined) return next();
  return next().then(() => {
    try {
      for (const line of state?.setCookies ?? []) c.res.headers.append("set-cookie", line);
    } catch {
      // Immutable headers (a proxied fetch Response): the next request renews again.
    }
    if (!markedPrivate) markPrivateAfter(c);
  });
}

/** The request's session, and the cookies to send if it was renewed. */
interface SessionState {
  session: Session;
  setCookies: string[] | undefined;
}

/** What `c.get("auth")` gives a request on the full path: an `accessToken()` that can renew. */
function authOf(
  c: Context,
  deps: AuthDeps,
  info: RequestInfo,
  state: SessionState,
  opened: OpenedSession,
): CognitoAuth {
  const { keepAccessToken } = deps.options;
  return {
    user: state.session === opened.session ? opened.user : userOf(state.session),
    csrfToken: state.session.csrfToken,
    async accessToken() {
      if (!keepAccessToken) throw accessTokenNotKept();
      const { accessToken, accessTokenExpiresAt } = state.session;
      if (accessToken !== "" && accessTokenExpiresAt - ACCESS_TOKEN_MARGIN_MS > Date.now()) {
        return accessToken;
      }
      try {
        await renewInPlace(c, deps, info, state);
      } catch (err) {
        const error = asAuthError(err);
        const cookies =
          error.code === "idp_unavailable"
            ? []
            : clearSessionCookies(deps.options.cookies, info.https, c.req.header("cookie"));
        throw refusal(error, { api: info.api, login: info.login, cookies });
      }
      if (state.session.accessToken === "") {
        throw refusal(new CognitoAuthError("idp_unavailable"), {
          api: info.api,
          login: info.login,
        });
      }
      return state.session.accessToken;
    },
  };
}

/** Renew the session's tokens and prepare its cookies; `onRefreshError` hears of a failure. */
async function renewInPlace(
  c: Context,
  deps: AuthDeps,
  info: RequestInfo,
  state: SessionState,
): Promise<void> {
  // Outside the try: settings that cannot be had are the app's problem, not the session's.
  const client = await deps.client();
  try {
    state.session = await renew(client, state.session);
    state.setCookies = await storeSession(c, deps, info.https, state.session);
  } catch (err) {
    await deps.options.onRefreshError?.(c, asAuthError(err));
    throw err;
  }
}

/**
 * Refresh the tokens (one call per session however many requests wait for it); throws when the
 * IdP refuses or the new ID token does not verify.
 */
async function renew(deps: ClientDeps, session: Session): Promise<Session> {
  if (session.refreshToken === "") throw new CognitoAuthError("unauthenticated");
  const renewed = await deps.renewals.renew(session.refreshToken);
  const { claims } = renewed;
  if (claims.sub !== session.sub) throw new CognitoAuthError("unauthenticated");
  return {
    ...session,
    username: claims.username,
    email: claims.email,
    name: claims.name,
    groups: claims.groups,
    // What onLogin added stays; the attributes are the IdP's latest.
    claims: { ...withoutCustom(session.claims), ...claims.custom },
    idTokenExpiresAt: claims.expiresAt,
    refreshToken: renewed.refreshToken ?? session.refreshToken,
    accessToken: renewed.accessToken ?? "",
    accessTokenExpiresAt: renewed.accessTokenExpiresAt ?? claims.expiresAt,
    checkedAt: renewed.checkedAt,
  };
}

function withoutCustom(claims: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !name.startsWith("custom:")));
}

/**
 * No usable session: when auth is required, 401 JSON for API callers and, for pages, a 302 to the
 * login remembering `path + query`; when optional, on to the app without `auth`.
 */
async function anonymous(
  c: Context,
  next: Next,
  deps: AuthDeps,
  info: RequestInfo,
  cookies: string[],
): Promise<Response | undefined> {
  if (deps.options.required) return unauthenticated(c, info, cookies);
  await next();
  try {
    for (const cookie of cookies) c.res.headers.append("set-cookie", cookie);
  } catch {
    // Immutable headers: the bad cookie is cleared another time.
  }
  return undefined;
}

/**
 * 401 JSON for API callers; for pages, a 302 to `info.login` remembering `path + query`.
 * @example return unauthenticated(c, recordedRequestInfo(c), []);
 */
export function unauthenticated(c: Context, info: RequestInfo, cookies: string[]): Response {
  const login = info.login;
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
