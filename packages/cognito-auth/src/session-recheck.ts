import { CognitoAuthError } from "./errors.ts";

/**
 * The re-check of a live session with Cognito, so that access ends within a bounded time
 * (`recheckSeconds`) after an admin disables, deletes or signs a user out, with no session store.
 *
 * 1. The session cookie records when Cognito last vouched for it (`checkedAt`: the sign-in, or
 *    the last refresh). A session kept opened is served from memory only until
 *    {@link recheckAt} (folded into the time the hit path compares already: no extra cost); past
 *    it, the full path asks {@link recheckDue}.
 * 2. When due, the check is the `refresh_token` grant, through the renewals (one call per session
 *    however many requests wait for it): Cognito refuses the refresh token of a user who was
 *    signed out everywhere, disabled or deleted, and a passing check brings fresh claims (groups)
 *    and tokens. The cookie is resealed with the new `checkedAt`, so the bound holds per session,
 *    in whatever container its next request lands, and a copy of an old cookie is checked too.
 * 3. Refused: the session ends (the signed-out path). Cognito down, slow or talking nonsense: the
 *    session is kept as it is and re-checked later; this container waits {@link RETRY_MS} before
 *    asking again for that session, so an outage costs each session one stalled request per
 *    container and retry window, not every request.
 */

/** After a check Cognito could not answer, how long this container leaves that session be. */
export const RETRY_MS = 10_000;
/** Above this many sessions waiting to retry (an outage with many users), new ones are not kept. */
const MAX_WAITING = 10_000;

/**
 * When a session is due for its re-check (epoch ms; `Infinity` when re-checks are off): the hit
 * path serves a cached session until then, so a session that is not due costs nothing more.
 * @example recheckAt({ checkedAt: 0 }, 60_000) // 60000
 */
export function recheckAt(session: { checkedAt: number }, recheckMs: number): number {
  return session.checkedAt + recheckMs;
}

/**
 * Whether a session is due for a re-check at `now`; `recheckMs` is `Infinity` when re-checks
 * are off. A session sealed before re-checks existed has `checkedAt` 0: due at once.
 * @example if (recheckDue(session, Date.now(), 60_000)) await rechecks.run(session, renew);
 */
export function recheckDue(
  session: { checkedAt: number },
  now: number,
  recheckMs: number,
): boolean {
  return now - session.checkedAt >= recheckMs;
}

/** What a re-check decided. */
export type RecheckOutcome = "passed" | "kept" | "ended";

/**
 * The re-checks of one middleware: what it remembers between requests is only which sessions
 * Cognito could not answer for lately (per container, bounded), never whether a session is valid.
 * @example
 * const outcome = await rechecks.run(session, () => renewInPlace(c, deps, info, state));
 * if (outcome === "ended") return signedOut();
 */
export class Rechecks {
  readonly #retryMs: number;
  /** Refresh token -> when Cognito last failed to answer for it. */
  readonly #waiting = new Map<string, number>();

  constructor(recheckMs: number) {
    this.#retryMs = Math.min(RETRY_MS, recheckMs);
  }

  /**
   * Re-checks `session` with `renew` (the refresh grant, resealing the cookie on success).
   * `passed`: Cognito vouched for it again; `kept`: it could not be asked (the session goes on
   * unchanged); `ended`: Cognito refused it.
   */
  async run(
    session: { refreshToken: string },
    renew: () => Promise<void>,
  ): Promise<RecheckOutcome> {
    const key = session.refreshToken;
    // Without a refresh token there is nothing to ask with; such a session ends with its ID token.
    if (key === "") return "kept";
    const failedAt = this.#waiting.get(key);
    if (failedAt !== undefined) {
      if (Date.now() - failedAt < this.#retryMs) return "kept";
      this.#waiting.delete(key);
    }
    try {
      await renew();
      return "passed";
    } catch (err) {
      // Only Cognito's own refusal (or a renewed token that does not verify) ends the session;
      // anything else is the IdP's or the app's trouble, not a verdict on the user.
      if (err instanceof CognitoAuthError && err.code !== "idp_unavailable") return "ended";
      this.#wait(key, Date.now());
      return "kept";
    }
  }

  #wait(key: string, now: number): void {
    if (this.#waiting.size >= MAX_WAITING) {
      for (const [k, at] of this.#waiting) if (now - at >= this.#retryMs) this.#waiting.delete(k);
    }
    if (this.#waiting.size < MAX_WAITING) this.#waiting.set(key, now);
  }
}
