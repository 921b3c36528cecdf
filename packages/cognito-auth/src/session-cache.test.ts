import { describe, expect, it } from "vitest";
import { SEALED_PREFIX } from "./sealer.ts";
import { SessionCache } from "./session-cache.ts";
import { SESSION_PART_LENGTH, SessionCookieScan } from "./session-scan.ts";

const NAME = "cdash_session";
const TAG = "T".repeat(22);
const one = (body: string, tag = TAG) => `${SEALED_PREFIX}${body}.${tag}`;

/** Kept the second time it is opened. */
function remember(cache: SessionCache<string>, header: string, value: string, candidate = 0) {
  const scan = new SessionCookieScan().scan(header, NAME);
  cache.add(scan, candidate, value);
  expect(cache.find(scan), "not kept the first time").toBeUndefined();
  cache.add(scan, candidate, value);
}

describe("SessionCache", () => {
  it("finds a session by the very same parts, wherever they sit in the header", () => {
    const cache = new SessionCache<string>();
    const first = `${SEALED_PREFIX}${"a".repeat(SESSION_PART_LENGTH - SEALED_PREFIX.length)}`;
    const second = `bbbb.${TAG}`;
    remember(cache, `${NAME}=${first}; ${NAME}.1=${second}`, "alice", 1);
    for (const header of [
      `${NAME}=${first}; ${NAME}.1=${second}`,
      `z=1; ${NAME}.1=${second}; y=2; ${NAME}=${first}`,
    ]) {
      expect(cache.find(new SessionCookieScan().scan(header, NAME)), header.slice(0, 20)).toBe(
        "alice",
      );
    }
  });

  it("misses a value with the same tag but another body, or other parts", () => {
    const cache = new SessionCache<string>();
    remember(cache, `${NAME}=${one("iv.body")}`, "alice");
    expect(cache.find(new SessionCookieScan().scan(`${NAME}=${one("iv.body")}`, NAME))).toBe(
      "alice",
    );
    for (const header of [`${NAME}=${one("iv.bodY")}`, `${NAME}=${one("iv.body2")}`]) {
      expect(cache.find(new SessionCookieScan().scan(header, NAME)), header).toBeUndefined();
    }
  });

  it("holds what it kept, not the header it came in (a slice would keep the header alive)", () => {
    const cache = new SessionCache<string>();
    const header = `${"x".repeat(5000)}=1; ${NAME}=${one("iv.body")}`;
    remember(cache, header, "alice");
    // The copy equals the value; nothing here can show retention, so check it is a hit after the
    // header is gone from this scope's use.
    expect(cache.find(new SessionCookieScan().scan(`${NAME}=${one("iv.body")}`, NAME))).toBe(
      "alice",
    );
  });

  it("keeps a session only the second time it is opened lately", () => {
    const cache = new SessionCache<string>(2);
    const scan = (i: number) =>
      new SessionCookieScan().scan(`${NAME}=${one(`iv.b${i}`, `${i}`.padStart(22, "t"))}`, NAME);
    cache.add(scan(0), 0, "s0");
    // Two others opened once each: the record of first sightings holds 2, then starts over.
    cache.add(scan(1), 0, "s1");
    cache.add(scan(2), 0, "s2");
    cache.add(scan(0), 0, "s0");
    expect(cache.size).toBe(0);
    cache.add(scan(0), 0, "s0");
    expect(cache.find(scan(0))).toBe("s0");
  });

  it("is bounded, and evicts what was not used since the hand passed before what was", () => {
    const cache = new SessionCache<string>(3);
    const header = (i: number) => `${NAME}=${one(`iv.body${i}`, `${i}`.padStart(22, "t"))}`;
    const scan = (i: number) => new SessionCookieScan().scan(header(i), NAME);
    const add = (i: number) => {
      cache.add(scan(i), 0, `s${i}`);
      cache.add(scan(i), 0, `s${i}`);
    };
    for (const i of [0, 1, 2]) add(i);
    expect(cache.find(scan(0))).toBe("s0"); // used: it gets a second chance
    add(3);
    expect(cache.size).toBe(3);
    expect(cache.find(scan(1))).toBeUndefined(); // the oldest unused one went
    expect([0, 2, 3].map((i) => cache.find(scan(i)))).toEqual(["s0", "s2", "s3"]);
    // Every one used: the hand clears their flags and evicts the oldest.
    add(4);
    expect(cache.size).toBe(3);
    expect(cache.find(scan(4))).toBe("s4");
  });
});
