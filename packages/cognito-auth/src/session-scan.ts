import { SEALED_PREFIX } from "./sealer.ts";

/**
 * Browsers drop a cookie whose name + value pass 4096 bytes: a session longer than one part is
 * split across `<name>`, `<name>.1`, `<name>.2` (room left for the longest name). Every part but
 * the last is exactly this long.
 */
export const SESSION_PART_LENGTH = 4000;
/** At most this many parts (12 KB): with attempt cookies, still under Node's 16 KB of headers. */
export const MAX_SESSION_PARTS = 3;
/**
 * Candidate sessions tried per request at most (each may cost one decryption): enough for
 * another app's cookies of the same names on the same host, whatever their order.
 */
export const MAX_SESSION_TRIES = 16;

/** Entries per candidate in the scan's table: the part count, then a start and an end per part. */
const SLOT = 1 + 2 * MAX_SESSION_PARTS;

/**
 * Where a Cookie header holds the session cookie's values and its numbered parts' values, found
 * in one pass as offsets (no value copied out, nothing joined), and the ways they can form one
 * sealed session: the candidates to try.
 *
 * Another app on the same host (any port of `localhost`, a sibling path, a sibling subdomain when
 * `cookies.domain` is set) may set cookies of the same names. The browser sends all of them,
 * longer paths first, then older first: ours are usually the last of each name. So every
 * candidate is tried, the last values first, and no planted or extra part can hide a valid
 * session. The parts' lengths narrow the choice: every part but the last is exactly
 * {@link SESSION_PART_LENGTH} long, and a candidate must start as a sealed value does.
 *
 * One instance is reused by every request: `scan` and the reads after it are synchronous.
 * @example
 * const scan = new SessionCookieScan().scan("cdash_session=a; cdash_session.1=b", "cdash_session");
 * scan.candidateCount; // 0: neither "a" nor "ab" starts like a sealed value
 */
export class SessionCookieScan {
  /** The header last scanned. */
  header = "";
  /**
   * Per part: [start, end) of each value in header order, flat; only the first
   * `2 * #counts[part]` entries are this scan's (the arrays are reused, never shrunk).
   */
  readonly #values: number[][] = Array.from({ length: MAX_SESSION_PARTS }, () => []);
  /** Per part: how many values this scan found. */
  readonly #counts = new Int32Array(MAX_SESSION_PARTS);
  /** Per candidate, {@link SLOT} entries: its part count, then [start, end) of each part. */
  readonly #candidates = new Int32Array(MAX_SESSION_TRIES * SLOT);
  /** How many candidates {@link scan} found. */
  candidateCount = 0;
  /** Whether the header holds any value of the session cookie's first part. */
  hasSession = false;

  /** Find the values of `name`, `name.1`, ... in `header`, and the candidates they form. */
  scan(header: string | undefined, name: string): this {
    this.header = header ?? "";
    this.candidateCount = 0;
    this.hasSession = false;
    this.#counts.fill(0);
    if (header === undefined) return this;
    const text = header;
    const length = text.length;
    let at = 0;
    while (at < length) {
      while (at < length && isSpace(text.charCodeAt(at))) at++;
      let end = text.indexOf(";", at);
      if (end < 0) end = length;
      const part = partOf(text, at, end, name);
      if (part >= 0) {
        // The value: after "=" and spaces, without trailing spaces or surrounding quotes.
        let start = text.indexOf("=", at + name.length) + 1;
        let stop = end;
        while (start < stop && isSpace(text.charCodeAt(start))) start++;
        while (stop > start && isSpace(text.charCodeAt(stop - 1))) stop--;
        if (
          stop - start >= 2 &&
          text.charCodeAt(start) === 0x22 &&
          text.charCodeAt(stop - 1) === 0x22
        ) {
          start++;
          stop--;
        }
        const values = this.#values[part] as number[];
        const count = this.#counts[part] as number;
        values[2 * count] = start;
        values[2 * count + 1] = stop;
        this.#counts[part] = count + 1;
        if (part === 0) this.hasSession = true;
      }
      at = end + 1;
    }
    const firsts = this.#values[0] as number[];
    for (
      let i = (this.#counts[0] as number) - 1;
      i >= 0 && this.candidateCount < MAX_SESSION_TRIES;
      i--
    ) {
      if (!text.startsWith(SEALED_PREFIX, firsts[2 * i] as number)) continue;
      this.#extend(0, i);
    }
    return this;
  }

  /** Candidates from part `part` (value `index`) on, after the values chosen so far. */
  #extend(part: number, index: number): void {
    if (this.candidateCount >= MAX_SESSION_TRIES) return;
    const values = this.#values[part] as number[];
    const length = (values[2 * index + 1] as number) - (values[2 * index] as number);
    if (length === 0 || length > SESSION_PART_LENGTH) return;
    this.#chosen[part] = index;
    // Ending here: a candidate of part + 1 parts.
    const slot = this.candidateCount * SLOT;
    this.#candidates[slot] = part + 1;
    for (let p = 0; p <= part; p++) {
      const chosen = this.#values[p] as number[];
      const at = 2 * (this.#chosen[p] as number);
      this.#candidates[slot + 1 + 2 * p] = chosen[at] as number;
      this.#candidates[slot + 2 + 2 * p] = chosen[at + 1] as number;
    }
    this.candidateCount++;
    // Going on: only after a full-length part, to a next part that the header holds.
    if (length !== SESSION_PART_LENGTH || part + 1 >= MAX_SESSION_PARTS) return;
    for (let i = (this.#counts[part + 1] as number) - 1; i >= 0; i--) this.#extend(part + 1, i);
  }

  readonly #chosen = new Int32Array(MAX_SESSION_PARTS);

  /** How many parts candidate `candidate` has. */
  parts(candidate: number): number {
    return this.#candidates[candidate * SLOT] as number;
  }

  /** Where part `part` of candidate `candidate` starts in the header. */
  start(candidate: number, part: number): number {
    return this.#candidates[candidate * SLOT + 1 + 2 * part] as number;
  }

  /** Where part `part` of candidate `candidate` ends in the header. */
  end(candidate: number, part: number): number {
    return this.#candidates[candidate * SLOT + 2 + 2 * part] as number;
  }

  /** The values of candidate `candidate`'s parts, copied out of the header. */
  values(candidate: number): string[] {
    const values: string[] = [];
    for (let p = 0; p < this.parts(candidate); p++) {
      values.push(this.header.slice(this.start(candidate, p), this.end(candidate, p)));
    }
    return values;
  }

  /** Candidate `candidate`'s parts joined: the sealed session (no array, one copy of each part). */
  joined(candidate: number): string {
    let sealed = "";
    for (let p = 0; p < this.parts(candidate); p++) {
      sealed += this.header.slice(this.start(candidate, p), this.end(candidate, p));
    }
    return sealed;
  }

  /** Whether the header holds a value of part `part` (`name.<part>`, or `name` for 0). */
  holds(part: number): boolean {
    return (this.#counts[part] ?? 0) > 0;
  }
}

/**
 * Which part of the session a cookie pair `text[at, end)` is: 0 for `name=`, 1 for `name.1=`,
 * ...; -1 for any other cookie.
 */
function partOf(text: string, at: number, end: number, name: string): number {
  if (!text.startsWith(name, at)) return -1;
  let i = at + name.length;
  let part = 0;
  if (text.charCodeAt(i) === 0x2e) {
    const digit = text.charCodeAt(i + 1) - 0x30;
    if (digit < 1 || digit >= MAX_SESSION_PARTS) return -1;
    part = digit;
    i += 2;
  }
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i < end && text.charCodeAt(i) === 0x3d ? part : -1;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
