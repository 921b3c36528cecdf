import type { CookieOptions } from "hono/utils/cookie";
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

const HTTP_NAME = "cdash_session";
const HTTPS_NAME = "__Host-cdash_session";

/**
 * The session cookie's name: `__Host-` prefixed (and Secure) when the app is served over https.
 * @example sessionCookieName(true) // "__Host-cdash_session"
 */
export function sessionCookieName(https: boolean): string {
  return https ? HTTPS_NAME : HTTP_NAME;
}

/**
 * Attributes of the session cookie; `maxAge` 0 expires it.
 * @example sessionCookieOptions(false, 3600).path // "/"
 */
export function sessionCookieOptions(https: boolean, maxAge: number): CookieOptions {
  return { path: "/", httpOnly: true, sameSite: "Lax", secure: https, maxAge };
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
  if (header === undefined || !header.includes(name)) return values;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    values.push(value);
    if (values.length === MAX_SESSION_CANDIDATES) break;
  }
  return values;
}

/** Browsers drop a cookie whose name + value pass 4096 bytes; keep room for the name. */
export const MAX_SESSION_VALUE_LENGTH = 4096 - HTTPS_NAME.length - 1;

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
 * @example (await openSession(sealer, getCookie(c, "cdash_session") ?? ""))?.email
 */
export async function openSession(sealer: Sealer, sealed: string): Promise<Session | undefined> {
  const value = await sealer.open("session", sealed);
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
  const p = value as Record<string, unknown>;
  return (
    p.v === 1 &&
    [p.s, p.u, p.e, p.n, p.r, p.c].every((f) => typeof f === "string") &&
    p.s !== "" &&
    p.c !== "" &&
    Array.isArray(p.g) &&
    p.g.every((g) => typeof g === "string") &&
    Number.isFinite(p.i) &&
    Number.isFinite(p.x)
  );
}
