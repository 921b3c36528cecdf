import type { AuthDeps, CognitoAuth } from "./auth-deps.ts";
import type { CognitoUser } from "./cognito-user.ts";
import { CognitoAuthError, CognitoAuthOptionError } from "./errors.ts";
import { refusal } from "./pages.ts";
import { AUTH_OPTIONS } from "./request-info.ts";
import { type Session, userOf } from "./session-cookie.ts";
import { recheckAt } from "./session-recheck.ts";

/** An access token this close to its end is renewed before it is handed out. */
export const ACCESS_TOKEN_MARGIN_MS = 30_000;
/**
 * A request is handed the shared `auth` only while its access token has this long left past the
 * margin: a request that calls `accessToken()` later than this after it started is the rare one
 * that the shared object cannot renew for (it answers 503, and the next request renews).
 */
export const SHARED_HEADROOM_MS = 5 * 60_000;

/**
 * A session as the middleware keeps it between requests: opened once, frozen, with its user and
 * the `auth` object every request that reads it gets, so that a signed-in request whose cookie is
 * in the cache allocates nothing of its own.
 */
export interface OpenedSession {
  readonly session: Session;
  readonly user: CognitoUser;
  /** What `c.get("auth")` gives, shared by requests before {@link sharedUntil}. */
  readonly auth: CognitoAuth;
  /**
   * Until when (epoch ms) a request is answered from this alone: the ID token has not expired,
   * the session has not ended, its re-check with Cognito is not due and the access token (if
   * kept) needs no renewal. Past it, a request
   * takes the full path (renewal, expiry), which builds an `auth` of its own.
   */
  readonly sharedUntil: number;
}

/**
 * Keep a session just opened from its cookie.
 * @example const opened = openedSession(openSession(sealer, sealed), deps);
 */
export function openedSession(session: Session, deps: AuthDeps): OpenedSession {
  const { keepAccessToken, routes } = deps.options;
  const user = userOf(session);
  // A session due for its re-check with Cognito leaves the hit path too: no compare of its own.
  let sharedUntil = Math.min(
    session.idTokenExpiresAt,
    session.sessionExpiresAt,
    recheckAt(session, deps.options.recheckMs),
  );
  if (keepAccessToken) {
    // An empty access token (an IdP that gave none) is renewed on demand: the full path does that.
    sharedUntil =
      session.accessToken === ""
        ? Number.NEGATIVE_INFINITY
        : Math.min(
            sharedUntil,
            session.accessTokenExpiresAt - ACCESS_TOKEN_MARGIN_MS - SHARED_HEADROOM_MS,
          );
  }
  const auth: CognitoAuth = Object.freeze({
    [AUTH_OPTIONS]: deps.options,
    user,
    csrfToken: session.csrfToken,
    async accessToken() {
      if (!keepAccessToken) throw accessTokenNotKept();
      if (session.accessTokenExpiresAt > Date.now()) return session.accessToken;
      // The request outlived its headroom: no context here to renew with; the next request will.
      throw refusal(new CognitoAuthError("idp_unavailable"), { api: true, login: routes.login });
    },
  });
  return { session, user, auth, sharedUntil };
}

/**
 * What `accessToken()` rejects with under `keepAccessToken: false`: the app's mistake, not the
 * user's, so a plain error naming the option (a 500 from the app's error handler).
 */
export function accessTokenNotKept(): CognitoAuthOptionError {
  return new CognitoAuthOptionError(
    "keepAccessToken",
    "is false: this middleware keeps no access token, so accessToken() cannot give one",
  );
}
