/**
 * The session's CSRF token (from the middleware, `c.get("csrfToken")`) checked on every state
 * change of user administration: a form's hidden `_csrf` field, or an API caller's
 * `X-CSRF-Token` header. Another site can make a browser send the session cookie, never the token.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/** The form field the pages send, as the middleware's logout form does. */
export const CSRF_FIELD = "_csrf";
/** The header API callers send (the token is in `GET /api/me`). */
export const CSRF_HEADER = "x-csrf-token";

/**
 * Whether `submitted` is the session's token, compared in constant time.
 * @example csrfMatches(form._csrf, c.get("csrfToken")) // true or false
 */
export function csrfMatches(submitted: unknown, expected: string | undefined): boolean {
  if (typeof submitted !== "string" || submitted === "" || !expected) return false;
  // Digests first: equal lengths for timingSafeEqual, and no early exit on length.
  const a = createHash("sha256").update(submitted).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
