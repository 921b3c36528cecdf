import type { CookieSettings } from "./cookie-settings.ts";
import { randomToken } from "./crypto-utils.ts";
import type { Sealer } from "./sealer.ts";

/** One login attempt: what the callback needs to check the IdP's answer. */
export interface LoginTransaction {
  /** The full `state` sent to the IdP: `<id>.<secret>`. */
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** Epoch ms after which the attempt is refused. */
  expiresAt: number;
}

/** Ten minutes: long enough to type a password and do MFA, short enough to limit replay. */
export const TRANSACTION_TTL_SECONDS = 600;
const STATE = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

/**
 * Live attempts kept when a new one starts, so a browser holds at most this many + 1. Four at
 * once covers four tabs signing in together; four of the largest (2 KB, a 1 KB return path) plus
 * a 4 KB session cookie stay well under the 16 KB request-header limits of Node and most proxies.
 */
export const MAX_KEPT_TRANSACTIONS = 3;
/** At most this many attempt cookies are expired per response, so its headers stay small too. */
const MAX_EXPIRED_PER_RESPONSE = 32;
/**
 * Start a login attempt. Its id is carried in `state`, so each attempt has its own cookie and two
 * tabs logging in at once do not overwrite each other.
 * @example newTransaction("/reports", Date.now()).state // "Qx3...16 chars.43 chars"
 */
export function newTransaction(returnTo: string, now: number): LoginTransaction {
  return {
    state: `${randomToken(12)}.${randomToken(32)}`,
    nonce: randomToken(32),
    codeVerifier: randomToken(48),
    returnTo,
    expiresAt: now + TRANSACTION_TTL_SECONDS * 1000,
  };
}

/**
 * The cookie name of the attempt a `state` belongs to (`__Host-` prefixed over https), or
 * `undefined` when `state` is malformed.
 * @example transactionCookieName(cookies, "AAAAAAAAAAAAAAAA.<43 chars>", false) // "cdash_tx_AAAAAAAAAAAAAAAA"
 */
export function transactionCookieName(
  cookies: CookieSettings,
  state: string,
  https: boolean,
): string | undefined {
  const match = STATE.exec(state);
  return match ? `${cookies.attemptPrefix(https)}${match[1]}` : undefined;
}

/**
 * Seal a transaction for its cookie.
 * @example await sealTransaction(sealer, newTransaction("/", Date.now())) // "eyJ..." (compact JWE)
 */
export function sealTransaction(sealer: Sealer, tx: LoginTransaction): Promise<string> {
  return sealer.seal("transaction", tx);
}

/**
 * Open a transaction cookie; `undefined` when garbage, tampered or of the wrong shape.
 * @example openTransaction(sealer, sealed)?.returnTo // "/reports/7"
 */
export function openTransaction(sealer: Sealer, sealed: string): LoginTransaction | undefined {
  const value = sealer.open("transaction", sealed);
  if (typeof value !== "object" || value === null) return undefined;
  const tx = value as Record<string, unknown>;
  const strings = [tx.state, tx.nonce, tx.codeVerifier, tx.returnTo];
  if (!strings.every((s) => typeof s === "string") || !Number.isFinite(tx.expiresAt)) {
    return undefined;
  }
  return value as LoginTransaction;
}

/**
 * The attempt cookies a new login should expire: all but the {@link MAX_KEPT_TRANSACTIONS}
 * newest live ones, then any that are garbage, tampered, expired or under a name that does not
 * match their `state`. Without this, every abandoned sign-in would leave its cookie for ten
 * minutes and enough of them would push the callback's request headers past the server's limit.
 * Only the names of this scheme count (`__Host-cdash_tx_*` over https, `cdash_tx_*` over http).
 * @example await staleTransactionCookies(sealer, cookies, header, Date.now(), false) // ["cdash_tx_…"]
 */
export async function staleTransactionCookies(
  sealer: Sealer,
  cookies: CookieSettings,
  cookieHeader: string | undefined,
  now: number,
  https: boolean,
): Promise<string[]> {
  const live: { name: string; expiresAt: number; position: number }[] = [];
  const dead: string[] = [];
  for (const [name, sealed] of attemptCookies(cookieHeader, cookies.attemptPrefix(https))) {
    const tx = openTransaction(sealer, sealed);
    if (
      tx !== undefined &&
      tx.expiresAt > now &&
      transactionCookieName(cookies, tx.state, https) === name
    ) {
      live.push({ name, expiresAt: tx.expiresAt, position: live.length });
    } else if (cookies.expirableAttempt.test(name)) {
      dead.push(name);
    }
  }
  // Newest first: they share one lifetime, so the latest expiry is the latest start. Attempts
  // started in the same millisecond go by header order: browsers list cookies of one path
  // oldest first (RFC 6265, 5.4).
  live.sort((a, b) => b.expiresAt - a.expiresAt || b.position - a.position);
  const older = live.slice(MAX_KEPT_TRANSACTIONS).map((tx) => tx.name);
  // Older live attempts go first: they are what keeps the count under the cap.
  return [...older, ...dead].slice(0, MAX_EXPIRED_PER_RESPONSE);
}

/** `<prefix>*` name/value pairs of a Cookie header, first occurrence of a name only. */
function attemptCookies(cookieHeader: string | undefined, prefix: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const pair of (cookieHeader ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name.startsWith(prefix) && !found.has(name)) found.set(name, pair.slice(eq + 1).trim());
  }
  return found;
}
