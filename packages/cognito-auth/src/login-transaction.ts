import { CALLBACK_PATH } from "@cognito-dashboard/local-dev";
import type { CookieOptions } from "hono/utils/cookie";
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
const PREFIX = "cdash_tx_";
const STATE = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

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
 * The cookie name of the attempt a `state` belongs to, or `undefined` when `state` is malformed.
 * @example transactionCookieName("AAAAAAAAAAAAAAAA.<43 chars>") // "cdash_tx_AAAAAAAAAAAAAAAA"
 */
export function transactionCookieName(state: string): string | undefined {
  const match = STATE.exec(state);
  return match ? `${PREFIX}${match[1]}` : undefined;
}

/**
 * Attributes of a transaction cookie: only ever sent to the callback.
 * @example transactionCookieOptions(true, 600).path // "/login/cognito/authorized"
 */
export function transactionCookieOptions(https: boolean, maxAge: number): CookieOptions {
  return { path: CALLBACK_PATH, httpOnly: true, sameSite: "Lax", secure: https, maxAge };
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
 * @example (await openTransaction(sealer, sealed))?.returnTo // "/reports/7"
 */
export async function openTransaction(
  sealer: Sealer,
  sealed: string,
): Promise<LoginTransaction | undefined> {
  const value = await sealer.open("transaction", sealed);
  if (typeof value !== "object" || value === null) return undefined;
  const tx = value as Record<string, unknown>;
  const strings = [tx.state, tx.nonce, tx.codeVerifier, tx.returnTo];
  if (!strings.every((s) => typeof s === "string") || !Number.isFinite(tx.expiresAt)) {
    return undefined;
  }
  return value as LoginTransaction;
}
