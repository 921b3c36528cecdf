import type { Context } from "hono";
import { generateCookie } from "hono/cookie";
import type { AuthDeps } from "./auth-deps.ts";
import { pkceChallenge } from "./crypto-utils.ts";
import { CognitoAuthError } from "./errors.ts";
import {
  newTransaction,
  sealTransaction,
  staleTransactionCookies,
  TRANSACTION_TTL_SECONDS,
  transactionCookieName,
} from "./login-transaction.ts";
import { refusal } from "./pages.ts";
import type { RequestInfo } from "./request-info.ts";
import { safeReturnPath } from "./safe-return-path.ts";

/** The query parameter carrying where to go back after sign-in. */
export const RETURN_TO_PARAM = "return_to";

/**
 * `GET /login/cognito[?return_to=/path]`: seal a new login attempt in its own cookie, expire all
 * but the newest few earlier attempts (and any broken ones), and send the browser to the hosted
 * UI's authorize endpoint (code flow, state, nonce, PKCE S256).
 * @example if (c.req.path === LOGIN_PATH) return handleLogin(c, deps, info);
 */
export async function handleLogin(c: Context, deps: AuthDeps, info: RequestInfo) {
  const values = c.req.queries(RETURN_TO_PARAM) ?? [];
  if (values.length > 1) {
    throw refusal(new CognitoAuthError("invalid_return_path"), {
      api: info.api,
      login: info.login,
    });
  }
  const returnTo = values[0] === undefined || values[0] === "" ? "/" : asciiReturnPath(values[0]);
  if (returnTo === undefined) {
    throw refusal(new CognitoAuthError("invalid_return_path"), {
      api: info.api,
      login: info.login,
    });
  }
  const now = Date.now();
  const tx = newTransaction(returnTo, now);
  const cookieName = transactionCookieName(deps.options.cookies, tx.state, info.https);
  if (cookieName === undefined) throw new Error("login transaction: malformed state");
  const { options } = await deps.client();
  const { scope, ...extra } = await options.authorizationParams(c);
  const authorize = new URL(`${options.domain}/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    ...extra,
    response_type: "code",
    client_id: options.clientId,
    redirect_uri: `${info.origin}${deps.options.routes.callback}`,
    scope: (scope ?? options.scopes).join(" "),
    state: tx.state,
    nonce: tx.nonce,
    code_challenge: await pkceChallenge(tx.codeVerifier),
    code_challenge_method: "S256",
  }).toString();
  const sealed = await sealTransaction(deps.sealer, tx);
  const cookieOptions = deps.options.cookies.attemptOptions(info.https, TRANSACTION_TTL_SECONDS);
  // Expired with the very attributes they were set with, or the browser would keep them.
  const expire = deps.options.cookies.attemptOptions(info.https, 0);
  const stale = await staleTransactionCookies(
    deps.sealer,
    deps.options.cookies,
    c.req.header("cookie"),
    now,
    info.https,
  );
  const cookies = [
    generateCookie(cookieName, sealed, cookieOptions),
    ...stale.map((name) => generateCookie(name, "", expire)),
  ];
  for (const cookie of cookies) c.header("set-cookie", cookie, { append: true });
  c.header("cache-control", "no-store");
  return c.redirect(authorize.href, 302);
}

/**
 * A safe return path, percent-encoded as a browser would send it, so the attempt cookie and the
 * `Location` header after sign-in hold ASCII only (a raw "é" would go out as one Latin-1 byte).
 * @example asciiReturnPath("/café?q=é") // "/caf%C3%A9?q=%C3%A9"
 */
function asciiReturnPath(path: string): string | undefined {
  const safe = safeReturnPath(path);
  if (safe === undefined) return undefined;
  const url = new URL(safe, "https://return-path.invalid");
  return safeReturnPath(`${url.pathname}${url.search}${url.hash}`);
}
