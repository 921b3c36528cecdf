/**
 * The one way the dashboard writes a JSON log line. JSON.stringify leaves U+2028 and U+2029 raw,
 * and some log viewers and pre-ES2019 parsers take them for line breaks: one entry would read as
 * two, the second forged by whoever chose the text. Escaped here, they stay one line everywhere.
 */

/**
 * `value` as JSON on one line, with U+2028 and U+2029 escaped.
 * @example jsonLine({ path: "/a\u2028b" }) // '{"path":"/a\\u2028b"}'
 */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (ch) =>
    ch === "\u2028" ? "\\u2028" : "\\u2029",
  );
}
