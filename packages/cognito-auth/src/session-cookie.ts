import { CognitoAuthError } from "./errors.ts";
import type { Sealer } from "./sealer.ts";

/** What the session cookie holds: the user's claims, expiries, refresh token and CSRF secret. */
export interface Session {
  sub: string;
  username: string;
  email: string;
  name: string;
  groups: string[];
  /** When the ID token expires (epoch ms): past it, the session is renewed first. */
  idTokenExpiresAt: number;
  /** Absolute end of the session (epoch ms); renewal never extends it. */
  sessionExpiresAt: number;
  /** Empty when the IdP gave none: the session then ends with the ID token. */
  refreshToken: string;
  csrfToken: string;
}

/** Short keys keep the cookie under 4 KB with a 1.8 KB refresh token and 20 groups. */
interface Packed {
  v: 1;
  s: string;
  u: string;
  e: string;
  n: string;
  g: string[];
  i: number;
  x: number;
  r: string;
  c: string;
}

/** Values tried per request: enough for a stray cookie or two of another app on the same host. */
export const MAX_SESSION_CANDIDATES = 4;

/**
 * Every value of the cookie `name` in a Cookie header, in header order, at most
 * {@link MAX_SESSION_CANDIDATES}. Another app on the same host (any port of `localhost`, a sibling
 * path) may set a cookie of the same name; the browser sends both, and the first is not always
 * ours, so the caller tries each. Surrounding quotes are dropped, as `hono/cookie` does.
 * @example cookieValues("a=1; cdash_session=x; cdash_session=y", "cdash_session") // ["x", "y"]
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = [];
  if (header === undefined) return values;
  // A scan with indexOf, not a split of the whole header: it is read on every request, and a
  // Cognito-sized session makes it about 3 KB.
  let from = 0;
  while (values.length < MAX_SESSION_CANDIDATES) {
    const at = header.indexOf(name, from);
    if (at < 0) break;
    from = at + name.length;
    // A pair starts the header or follows ";" (and spaces); the name is followed by "=".
    let before = at - 1;
    while (before >= 0 && isSpace(header.charCodeAt(before))) before--;
    if (before >= 0 && header.charCodeAt(before) !== 0x3b) continue;
    let eq = from;
    while (eq < header.length && isSpace(header.charCodeAt(eq))) eq++;
    if (header.charCodeAt(eq) !== 0x3d) continue;
    const end = header.indexOf(";", eq + 1);
    from = end < 0 ? header.length : end;
    let value = header.slice(eq + 1, from).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    values.push(value);
  }
  return values;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Browsers drop a cookie whose name + value pass 4096 bytes; keep room for the longest name
 * (`__Secure-` + a 32-character prefix + `_session`, and "=").
 */
export const MAX_SESSION_VALUE_LENGTH = 4096 - "__Secure-".length - 32 - "_session".length - 1;

/**
 * Seal a session for the cookie; throws `session_too_large` rather than hand the browser a cookie
 * it would silently drop (which would loop through the login forever).
 * @example await sealSession(sealer, session) // "eyJ..." (compact JWE, about 3.5 KB)
 */
export async function sealSession(sealer: Sealer, session: Session): Promise<string> {
  const packed: Packed = {
    v: 1,
    s: session.sub,
    u: session.username,
    e: session.email,
    n: session.name,
    g: session.groups,
    i: session.idTokenExpiresAt,
    x: session.sessionExpiresAt,
    r: session.refreshToken,
    c: session.csrfToken,
  };
  const sealed = await sealer.seal("session", packed);
  if (sealed.length > MAX_SESSION_VALUE_LENGTH) throw new CognitoAuthError("session_too_large");
  return sealed;
}

/**
 * Open a session cookie; `undefined` for garbage, tampering, an unknown key or a bad shape.
 * Expiry is the caller's business (it needs the clock).
 * @example openSession(sealer, cookieValues(c.req.header("cookie"), "cdash_session")[0] ?? "")?.email
 */
export function openSession(sealer: Sealer, sealed: string): Session | undefined {
  const value = sealer.open("session", sealed);
  if (!isPacked(value)) return undefined;
  return {
    sub: value.s,
    username: value.u,
    email: value.e,
    name: value.n,
    groups: [...value.g],
    idTokenExpiresAt: value.i,
    sessionExpiresAt: value.x,
    refreshToken: value.r,
    csrfToken: value.c,
  };
}

function isPacked(value: unknown): value is Packed {
  if (typeof value !== "object" || value === null) return false;
  // Field by field, without building arrays: this runs on every request.
  const p = value as Record<string, unknown>;
  if (p.v !== 1 || typeof p.s !== "string" || p.s === "" || typeof p.c !== "string" || p.c === "") {
    return false;
  }
  if (typeof p.u !== "string" || typeof p.e !== "string" || typeof p.n !== "string") return false;
  if (typeof p.r !== "string" || !Number.isFinite(p.i) || !Number.isFinite(p.x)) return false;
  if (!Array.isArray(p.g)) return false;
  for (const g of p.g) if (typeof g !== "string") return false;
  return true;
}
