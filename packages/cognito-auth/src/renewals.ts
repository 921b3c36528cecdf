import type { IdTokenClaims, IdTokenVerifier } from "./id-token-verifier.ts";
import type { TokenClient } from "./token-client.ts";

/** What a renewal brings back from the IdP: the new ID token's claims and refresh token. */
export interface Renewed {
  claims: IdTokenClaims;
  /** `undefined` when the IdP kept the old one (Cognito does not rotate refresh tokens). */
  refreshToken: string | undefined;
  accessToken: string | undefined;
  /** Epoch ms; `undefined` when the IdP did not say. */
  accessTokenExpiresAt: number | undefined;
  /** When the refresh call was made (epoch ms): what Cognito said is true as of then. */
  checkedAt: number;
}

/**
 * How long a finished renewal is shared with requests that still carry the old cookie: a page
 * and its parallel API calls are sent before the browser has the renewed cookie.
 */
const REUSE_MS = 5_000;
/** Above this many shared renewals (a burst of distinct sessions), new ones are not kept. */
const MAX_SHARED = 10_000;

/**
 * One renewal per session at a time: parallel requests with the same expired session wait for the
 * same `refresh_token` call instead of making one each, and requests sent with the old cookie
 * shortly after reuse its answer. A failure is never kept: the next request asks the IdP again.
 * @example const { claims } = await renewals.renew(session.refreshToken);
 */
export class Renewals {
  readonly #tokens: TokenClient;
  readonly #verifier: IdTokenVerifier;
  readonly #flights = new Map<string, { flight: Promise<Renewed>; startedAt: number }>();

  constructor(tokens: TokenClient, verifier: IdTokenVerifier) {
    this.#tokens = tokens;
    this.#verifier = verifier;
  }

  /** Refresh (or join the refresh in flight for) this refresh token; throws as the IdP refuses. */
  renew(refreshToken: string): Promise<Renewed> {
    // Reuse is bounded on the clock that session expiry reads too, so a shared answer never
    // outlives the window even where timers lag behind it.
    const known = this.#flights.get(refreshToken);
    if (known !== undefined && Date.now() - known.startedAt < REUSE_MS) return known.flight;
    const flight = this.#refresh(refreshToken);
    this.#flights.set(refreshToken, { flight, startedAt: Date.now() });
    flight.then(
      () => {
        if (this.#flights.size > MAX_SHARED) this.forget(refreshToken);
        else unref(setTimeout(() => this.forget(refreshToken, flight), REUSE_MS));
      },
      () => this.forget(refreshToken, flight),
    );
    return flight;
  }

  /** Drop a shared renewal (logout revokes its refresh token). */
  forget(refreshToken: string, flight?: Promise<Renewed>): void {
    if (flight === undefined || this.#flights.get(refreshToken)?.flight === flight) {
      this.#flights.delete(refreshToken);
    }
  }

  async #refresh(refreshToken: string): Promise<Renewed> {
    const checkedAt = Date.now();
    const tokens = await this.#tokens.refresh(refreshToken);
    const claims = await this.#verifier.verify(tokens.idToken, { nonce: null });
    return {
      claims,
      refreshToken: tokens.refreshToken,
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: accessTokenExpiry(tokens.expiresIn, claims.expiresAt),
      checkedAt,
    };
  }
}

/** When an access token ends: `expires_in` from now, else with the ID token it came with. */
export function accessTokenExpiry(expiresIn: number | undefined, idTokenExpiresAt: number): number {
  return expiresIn === undefined ? idTokenExpiresAt : Date.now() + expiresIn * 1000;
}

/** Node's and Bun's timers keep a process alive unless unref'd; Deno's and browsers' are numbers. */
function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}
