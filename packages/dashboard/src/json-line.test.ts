import { describe, expect, it } from "vitest";
import { jsonLine } from "./json-line.ts";

describe("jsonLine", () => {
  it("escapes U+2028 and U+2029, which JSON.stringify leaves raw", () => {
    const value = { path: "/a\u2028b\u2029c", n: 1 };
    expect(JSON.stringify(value)).toContain("\u2028");
    const line = jsonLine(value);
    expect(line).not.toMatch(/[\u2028\u2029\n\r]/);
    expect(line).toBe('{"path":"/a\\u2028b\\u2029c","n":1}');
    expect(JSON.parse(line)).toEqual(value);
  });
});
