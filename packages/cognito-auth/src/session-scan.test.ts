import { describe, expect, it } from "vitest";
import { SEALED_PREFIX } from "./sealer.ts";
import { MAX_SESSION_TRIES, SESSION_PART_LENGTH, SessionCookieScan } from "./session-scan.ts";

const NAME = "cdash_session";
/** A value that starts like a sealed one, `length` characters long, made of `fill`. */
const sealedLike = (length: number, fill = "a") =>
  `${SEALED_PREFIX}${fill.repeat(length - SEALED_PREFIX.length)}`;
const candidates = (scan: SessionCookieScan) =>
  Array.from({ length: scan.candidateCount }, (_, i) => scan.values(i).join("|"));

describe("SessionCookieScan", () => {
  it("finds a one-cookie session, trimmed and unquoted, among other cookies", () => {
    const value = sealedLike(100);
    for (const header of [
      `a=1; ${NAME}=${value}; b=2`,
      `${NAME}=${value}`,
      `a=1;${NAME} = ${value} ;b=2`,
      `${NAME}="${value}"`,
    ]) {
      const scan = new SessionCookieScan().scan(header, NAME);
      expect(candidates(scan), header).toEqual([value]);
      expect(scan.hasSession).toBe(true);
    }
  });

  it("ignores look-alike names, values that do not start like a sealed value, and no header", () => {
    const value = sealedLike(100);
    for (const header of [
      undefined,
      "",
      `x${NAME}=${value}`,
      `${NAME}x=${value}`,
      `${NAME}.3=${value}`,
      `${NAME}.0=${value}`,
      `other=${NAME}=${value}`,
      `${NAME}=garbage`,
    ]) {
      expect(new SessionCookieScan().scan(header, NAME).candidateCount, String(header)).toBe(0);
    }
    expect(new SessionCookieScan().scan(`${NAME}=garbage`, NAME).hasSession).toBe(true);
  });

  it("joins a full-length first part with each next part, the last values first", () => {
    const first = sealedLike(SESSION_PART_LENGTH);
    const header = `${NAME}.1=planted; ${NAME}=${first}; ${NAME}.1=ours; ${NAME}.2=extra`;
    const scan = new SessionCookieScan().scan(header, NAME);
    // The first alone (a session of exactly one full part), then with each second part; "ours"
    // and "planted" are short, so they end a candidate and the third part is never used.
    expect(candidates(scan)).toEqual([first, `${first}|ours`, `${first}|planted`]);
    expect(scan.holds(1) && scan.holds(2)).toBe(true);
  });

  it("goes on to a third part only after two full-length ones", () => {
    const first = sealedLike(SESSION_PART_LENGTH);
    const second = "b".repeat(SESSION_PART_LENGTH);
    const header = `${NAME}=${first}; ${NAME}.1=${second}; ${NAME}.2=c; ${NAME}.2=d`;
    const scan = new SessionCookieScan().scan(header, NAME);
    const shapes = Array.from({ length: scan.candidateCount }, (_, i) =>
      scan.values(i).map((v) => (v.length === SESSION_PART_LENGTH ? "full" : v)),
    );
    expect(shapes).toEqual([
      ["full"],
      ["full", "full"],
      ["full", "full", "d"],
      ["full", "full", "c"],
    ]);
  });

  it("tries every first part, the last first, up to the bound", () => {
    const values = Array.from({ length: 6 }, (_, i) => sealedLike(80, String(i)));
    const header = values.map((v) => `${NAME}=${v}`).join("; ");
    expect(candidates(new SessionCookieScan().scan(header, NAME))).toEqual([...values].reverse());
    const many = Array.from(
      { length: MAX_SESSION_TRIES + 5 },
      (_, i) => `${NAME}=${sealedLike(80, String(i % 10))}`,
    );
    expect(new SessionCookieScan().scan(many.join("; "), NAME).candidateCount).toBe(
      MAX_SESSION_TRIES,
    );
  });

  it("is reused: a second scan forgets the first", () => {
    const scan = new SessionCookieScan();
    scan.scan(`${NAME}=${sealedLike(90)}; ${NAME}.1=x`, NAME);
    scan.scan("a=1", NAME);
    expect(scan.candidateCount).toBe(0);
    expect(scan.hasSession || scan.holds(1)).toBe(false);
  });
});
