/**
 * Longest return path kept, in UTF-8 bytes (not characters: "€" is 3 bytes): deep links are short,
 * and it travels in a query and in the login-attempt cookie, which must stay under 4 KB.
 */
const MAX_BYTES = 1024;
const encoder = new TextEncoder();

/**
 * `path` when it is a same-origin relative path that is safe to redirect to, else `undefined`.
 *
 * Refused: anything not starting with a single "/" (schemes, `//host`, `/\host`), backslashes
 * anywhere, control characters and whitespace, and encoded forms of those (`%2F%2F`, `%5C`,
 * `%0D`...), because some servers and browsers decode them again before use.
 * @example safeReturnPath("/reports?id=7") // "/reports?id=7"
 * @example safeReturnPath("//evil.example") // undefined
 */
export function safeReturnPath(path: string | undefined | null): string | undefined {
  if (typeof path !== "string" || path.length === 0 || path.length > MAX_BYTES) return undefined;
  // A lone surrogate cannot be encoded as UTF-8 (nor redirected to); it also bloats the cookie.
  if (encoder.encode(path).length > MAX_BYTES || /\p{Cs}/u.test(path)) return undefined;
  if (!isSafe(path) || path.includes(" ")) return undefined;
  // Look through up to three layers of percent-encoding for a hidden "//", "\" or control char.
  let decoded = path;
  for (let i = 0; i < 3; i++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return undefined;
    }
    if (next === decoded) break;
    if (!isSafe(next)) return undefined;
    decoded = next;
  }
  // Last word to the URL parser: resolved against a dummy origin, it must stay there.
  try {
    const base = "https://return-path.invalid";
    const url = new URL(path, base);
    if (url.origin !== base) return undefined;
  } catch {
    return undefined;
  }
  return path;
}

function isSafe(path: string): boolean {
  if (!path.startsWith("/")) return false;
  if (path.startsWith("//")) return false;
  if (path.includes("\\")) return false;
  // C0 controls (browsers drop tab/CR/LF, turning "/\t/x" into "//x"), DEL, C1 controls and
  // Unicode line/paragraph separators.
  return !Array.from(path).some(isControl);
}

/**
 * Whether a character is a control character (C0, DEL, C1) or a Unicode line/paragraph separator.
 * @example isControl("\t") // true
 */
export function isControl(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}
