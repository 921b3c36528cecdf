import type { Context } from "hono";
import { generateCookie, getCookie } from "hono/cookie";
import type { AuthDeps } from "./auth-deps.ts";
import { constantTimeEqual, randomToken } from "./crypto-utils.ts";
import { CognitoAuthError, type CognitoAuthErrorCode } from "./errors.ts";
import {
  type LoginTransaction,
  openTransaction,
  transactionCookieName,
} from "./login-transaction.ts";
import { asAuthError, refusal } from "./pages.ts";
import { accessTokenExpiry } from "./renewals.ts";
import type { RequestInfo } from "./request-info.ts";
import { isControl, safeReturnPath } from "./safe-return-path.ts";
import { type Session, storeSession, userOf } from "./session-cookie.ts";

const CODE = /^[\x21-\x7e]{1,2048}$/;
const IDP_ERROR = /^[a-z_]{1,64}$/;

/**
 * `GET /login/cognito/authorized?code&state` (or `?error`): check the state against this
 * browser's login attempt, exchange the code, verify the ID token, start the session and go back
 * to the remembered path. Every failure is a 4xx page with a "Sign in again" link, and clears the
 * attempt so the same link cannot be replayed.
 * @example if (c.req.path === CALLBACK_PATH) return handleCallback(c, deps, info);
 */
export async function handleCallback(c: Context, deps: AuthDeps, info: RequestInfo) {
  const states = c.req.queries("state") ?? [];
  const state = states[0];
  const cookieName =
    state === undefined
      ? undefined
      : transactionCookieName(deps.options.cookies, state, info.https);
  const clearTx =
    cookieName === undefined
      ? []
      : [generateCookie(cookieName, "", deps.options.cookies.attemptOptions(info.https, 0))];
  const fail = (code: CognitoAuthErrorCode, options: { detail?: string } = {}) =>
    refusal(new CognitoAuthError(code, options), {
      api: false,
      cookies: clearTx,
      login: info.login,
    });
  const param = (name: string): string | undefined => {
    const values = c.req.queries(name) ?? [];
    if (values.length > 1) throw fail("bad_request");
    return values[0];
  };

  const findAttempt = async (): Promise<LoginTransaction | CognitoAuthErrorCode> => {
    if (states.length > 1) return "bad_request";
    if (state === undefined || state === "") return "state_missing";
    if (cookieName === undefined) return "state_mismatch";
    const sealed = getCookie(c, cookieName);
    if (sealed === undefined) return "transaction_missing";
    const tx = openTransaction(deps.sealer, sealed);
    if (tx === undefined || tx.expiresAt <= Date.now()) return "transaction_invalid";
    return (await constantTimeEqual(tx.state, state)) ? tx : "state_mismatch";
  };

  const idpError = param("error");
  if (idpError !== undefined) {
    const description = param("error_description");
    // Anyone can craft a callback link with free text in it: the IdP's words are shown only when
    // the link answers this browser's own sign-in attempt, so the app's origin never displays an
    // attacker's message ("your account is locked, call…"). The error code alone is harmless.
    const ours = typeof (await findAttempt()) === "object";
    throw fail("idp_error", { detail: describeIdpError(idpError, ours ? description : undefined) });
  }
  const tx = await findAttempt();
  if (typeof tx === "string") throw fail(tx);
  const code = param("code");
  if (code === undefined || !CODE.test(code)) throw fail("code_missing");

  const client = await deps.client();
  let session: Session;
  try {
    // A new container has no signing keys yet: fetch them while the code is exchanged, not after.
    client.verifier.prefetchKeys();
    const tokens = await client.tokens.exchangeCode({
      code,
      codeVerifier: tx.codeVerifier,
      redirectUri: `${info.origin}${deps.options.routes.callback}`,
    });
    const claims = await client.verifier.verify(tokens.idToken, { nonce: tx.nonce });
    const now = Date.now();
    const sessionEnd = now + deps.options.sessionTtlSeconds * 1000;
    const refreshToken = tokens.refreshToken ?? "";
    session = {
      sub: claims.sub,
      username: claims.username,
      email: claims.email,
      name: claims.name,
      groups: claims.groups,
      idTokenExpiresAt: claims.expiresAt,
      // Without a refresh token the session cannot outlive its ID token.
      sessionExpiresAt: refreshToken ? sessionEnd : Math.min(sessionEnd, claims.expiresAt),
      refreshToken,
      csrfToken: randomToken(32),
      accessToken: tokens.accessToken ?? "",
      accessTokenExpiresAt: accessTokenExpiry(tokens.expiresIn, claims.expiresAt),
      claims: claims.custom,
      checkedAt: now,
    };
  } catch (err) {
    throw refusal(asAuthError(err), { api: false, cookies: clearTx, login: info.login });
  }
  // Outside the try: a hook that throws is the app's error, for app.onError.
  const decision = await deps.options.onLogin?.(c, { user: userOf(session) });
  if (decision === false) throw fail("login_refused");
  if (decision?.claims !== undefined) {
    session = { ...session, claims: { ...session.claims, ...decision.claims } };
  }
  let sessionCookies: string[];
  try {
    sessionCookies = await storeSession(c, deps, info.https, session);
  } catch (err) {
    throw refusal(asAuthError(err), { api: false, cookies: clearTx, login: info.login });
  }
  for (const cookie of [...clearTx, ...sessionCookies]) {
    c.header("set-cookie", cookie, { append: true });
  }
  c.header("cache-control", "no-store");
  return c.redirect(safeReturnPath(tx.returnTo) ?? "/", 302);
}

/**
 * A short, printable description of an IdP error, safe to show once escaped.
 * @example describeIdpError("access_denied", "User cancelled") // "access_denied: User cancelled"
 */
export function describeIdpError(error: string, description: string | undefined): string {
  const code = IDP_ERROR.test(error) ? error : "unknown_error";
  if (description === undefined) return code;
  const clean = Array.from(description, (ch) => (isControl(ch) ? " " : ch))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
  return clean ? `${code}: ${clean.length > 200 ? `${clean.slice(0, 200)}…` : clean}` : code;
}
