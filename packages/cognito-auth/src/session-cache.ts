import { TAG_LENGTH } from "./sealer.ts";
import type { SessionCookieScan } from "./session-scan.ts";

/**
 * Sessions one middleware keeps opened in memory: a session cookie is read on every request, and
 * decryption is most of what a signed-in request costs. Bounded: at most 12 KB of cookie each,
 * 12 MB at most (4 MB at Cognito's usual size).
 */
export const OPENED_CACHE_SIZE = 1000;

interface Entry<T> {
  /** The cookie values it was opened from, part by part (copies, not slices of a header). */
  readonly parts: readonly string[];
  readonly value: T;
  /** Used since the clock hand last passed (second-chance recency, set on every hit). */
  used: boolean;
}

/**
 * What was opened from session cookies lately, found again from a scanned Cookie header without
 * joining its parts: keyed by a 30-bit hash of the last part's last 22 characters (the JWE's
 * authentication tag: no string cut out of the header to look it up) and a hit only when every
 * part is the very same string (compared in place), so two sessions whose tags hash alike only
 * take each other's place. Recency is a flag set on a hit (the "clock" or second-chance algorithm) instead of a
 * delete and a set of the map on every request; the eviction pays for it. A session is kept the
 * second time it is opened (see {@link SessionCache.add}).
 * @example
 * const cache = new SessionCache<Session>();
 * const hit = cache.find(scan); // undefined, or { value, candidate }
 */
export class SessionCache<T> {
  readonly #entries = new Map<number, Entry<T>>();
  readonly #capacity: number;
  /** Hashes of the tags of sessions opened once lately, not cached yet. */
  readonly #seenOnce = new Set<number>();
  /** The candidate of the scan that the last successful {@link find} matched. */
  candidate = -1;

  constructor(capacity = OPENED_CACHE_SIZE) {
    this.#capacity = capacity;
  }

  /** The value opened from one of the scan's candidates, trying them in order; sets {@link candidate}. */
  find(scan: SessionCookieScan): T | undefined {
    const header = scan.header;
    for (let candidate = 0; candidate < scan.candidateCount; candidate++) {
      const parts = scan.parts(candidate);
      const end = scan.end(candidate, parts - 1);
      if (end - scan.start(candidate, parts - 1) < TAG_LENGTH) continue;
      const entry = this.#entries.get(tagHash(header, end));
      if (entry === undefined || entry.parts.length !== parts) continue;
      let same = true;
      for (let p = 0; p < parts && same; p++) {
        const start = scan.start(candidate, p);
        const part = entry.parts[p] as string;
        same =
          scan.end(candidate, p) - start === part.length &&
          header.slice(start, start + part.length) === part;
      }
      if (!same) continue;
      entry.used = true;
      this.candidate = candidate;
      return entry.value;
    }
    return undefined;
  }

  /**
   * Remember what candidate `candidate` of `scan` opened to, the second time it is opened within
   * the last {@link OPENED_CACHE_SIZE} or so sessions opened (TinyLFU's "doorkeeper"): a session
   * seen once (a container that serves many users once each) costs no copy, no eviction and no
   * garbage that outlives the request, and cannot push out the sessions that come back.
   */
  add(scan: SessionCookieScan, candidate: number, value: T): void {
    const parts = scan.parts(candidate);
    const end = scan.end(candidate, parts - 1);
    if (end - scan.start(candidate, parts - 1) < TAG_LENGTH) return;
    const seen = tagHash(scan.header, end);
    if (!this.#seenOnce.has(seen)) {
      if (this.#seenOnce.size >= this.#capacity) this.#seenOnce.clear();
      this.#seenOnce.add(seen);
      return;
    }
    this.#seenOnce.delete(seen);
    const values = scan.values(candidate).map(owned);
    if (!this.#entries.has(seen) && this.#entries.size >= this.#capacity) this.#evict();
    this.#entries.set(seen, { parts: values, value, used: false });
  }

  /** How many sessions it holds. */
  get size(): number {
    return this.#entries.size;
  }

  /** Drop one entry: the oldest not used since the hand last passed it (each passed one loses its flag). */
  #evict(): void {
    for (let turns = 0; turns <= this.#entries.size; turns++) {
      const oldest = this.#entries.entries().next().value;
      if (oldest === undefined) return;
      const [key, entry] = oldest;
      this.#entries.delete(key);
      if (!entry.used) return;
      entry.used = false;
      this.#entries.set(key, entry);
    }
  }
}

/** A 30-bit hash of the 22 characters before `end` (a small integer: a set of them allocates nothing per entry). */
function tagHash(text: string, end: number): number {
  let hash = 0;
  for (let i = end - TAG_LENGTH; i < end; i++)
    hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash & 0x3fffffff;
}

/**
 * A copy of `text` that holds no larger string: a slice of a Cookie header would keep the whole
 * header alive for as long as the cache keeps the session.
 */
function owned(text: string): string {
  return ` ${text}`.slice(1);
}
