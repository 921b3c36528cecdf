import type { Buffer } from "node:buffer";
import type { Context } from "hono";
import { generateCookie } from "hono/cookie";
import type { AuthDeps } from "./auth-deps.ts";
import type { CognitoUser } from "./cognito-user.ts";
import type { CookieSettings } from "./cookie-settings.ts";
import { CognitoAuthError } from "./errors.ts";
import { deepFreeze, type Sealer } from "./sealer.ts";
import { MAX_SESSION_PARTS, SESSION_PART_LENGTH, SessionCookieScan } from "./session-scan.ts";

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
  /** Empty when the IdP gave none (then `accessToken()` renews to get one). */
  accessToken: string;
  /** Epoch ms. */
  accessTokenExpiresAt: number;
  /** `custom:*` attributes and what `onLogin` added. */
  claims: Record<string, unknown>;
  /** When Cognito last vouched for the session (epoch ms): the sign-in or the last refresh. */
  checkedAt: number;
}

/**
 * What is sealed: short keys keep the cookie under 4 KB with a 1.8 KB refresh token and 20 groups.
 * Version 2 (`v: 2`) seals this JSON without `r` and `a`, then a line with the refresh token and a
 * line with the access token, so that opening a session parses about 400 bytes of JSON instead of
 * 3 KB: the tokens (ASCII, no spaces) are only cut out. Version 1 (`v: 1`, everything in the JSON)
 * is still opened, and still sealed for tokens that are not plain ASCII.
 */
interface Packed {
  v: 1 | 2;
  s: string;
  u: string;
  e: string;
  n: string;
  g: string[];
  i: number;
  x: number;
  r: string;
  c: string;
  /** Added after the first version; a session sealed before has none. */
  a?: string;
  t?: number;
  k?: Record<string, unknown>;
  /** Added with re-checks; a session sealed before has none (due for a check at once). */
  l?: number;
}

/** A token that can stand on a line of its own in version 2: printable ASCII, no space. */
const LINE_TOKEN = /^[\x21-\x7e]*$/;

/**
 * Seal a session. Its length is checked when it is written ({@link sessionSetCookies}).
 * @example await sealSession(sealer, session) // "eyJ..." (compact JWE, about 3.5 KB)
 */
export function sealSession(sealer: Sealer, session: Session): Promise<string> {
  const { refreshToken, accessToken } = session;
  const identity = {
    s: session.sub,
    u: session.username,
    e: session.email,
    n: session.name,
    g: session.groups,
    i: session.idTokenExpiresAt,
    x: session.sessionExpiresAt,
    c: session.csrfToken,
    t: session.accessTokenExpiresAt,
    k: session.claims,
    l: session.checkedAt,
  };
  if (LINE_TOKEN.test(refreshToken) && LINE_TOKEN.test(accessToken)) {
    const json = JSON.stringify({ v: 2, ...identity } satisfies Omit<Packed, "r" | "a">);
    return sealer.sealText("session", `${json}\n${refreshToken}\n${accessToken}`);
  }
  const packed: Packed = { v: 1, ...identity, r: refreshToken, a: accessToken };
  return sealer.seal("session", packed);
}

/**
 * The Set-Cookie lines that store a sealed session: one cookie, or numbered parts when it is
 * longer than {@link SESSION_PART_LENGTH}, and the expiry of parts the browser holds beyond
 * them. Throws `session_too_large` past {@link MAX_SESSION_PARTS} rather than hand the browser
 * cookies it would drop (which would loop through the login forever).
 * @example sessionSetCookies(settings, false, sealed, 3600, c.req.header("cookie")) // ["cdash_session=…; …"]
 */
export function sessionSetCookies(
  settings: CookieSettings,
  https: boolean,
  sealed: string,
  maxAge: number,
  header: string | undefined,
): string[] {
  const count = Math.ceil(sealed.length / SESSION_PART_LENGTH);
  if (count > MAX_SESSION_PARTS) throw new CognitoAuthError("session_too_large");
  const name = settings.sessionName(https);
  const options = settings.sessionOptions(https, maxAge);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const part = sealed.slice(i * SESSION_PART_LENGTH, (i + 1) * SESSION_PART_LENGTH);
    lines.push(generateCookie(partName(name, i), part, options));
  }
  return [...lines, ...clearSessionCookies(settings, https, header, count)];
}

/**
 * Seal a session and give the Set-Cookie lines that store it until it ends.
 * @example for (const line of await storeSession(c, deps, info.https, session)) c.header("set-cookie", line, { append: true });
 */
export async function storeSession(
  c: Context,
  deps: Pick<AuthDeps, "sealer" | "options">,
  https: boolean,
  session: Session,
): Promise<string[]> {
  const kept = deps.options.keepAccessToken
    ? session
    : { ...session, accessToken: "", accessTokenExpiresAt: 0 };
  const sealed = await sealSession(deps.sealer, kept);
  const maxAge = Math.ceil((session.sessionExpiresAt - Date.now()) / 1000);
  return sessionSetCookies(deps.options.cookies, https, sealed, maxAge, c.req.header("cookie"));
}

/**
 * The Set-Cookie lines that expire the session's cookies the browser sent, from part `from` on
 * (0: all of them; the first is always expired, since a browser may hold it unseen).
 */
export function clearSessionCookies(
  settings: CookieSettings,
  https: boolean,
  header: string | undefined,
  from = 0,
): string[] {
  const name = settings.sessionName(https);
  const options = settings.sessionOptions(https, 0);
  const sent = new SessionCookieScan().scan(header, name);
  const lines: string[] = [];
  for (let i = from; i < MAX_SESSION_PARTS; i++) {
    if (i === 0 || sent.holds(i)) {
      lines.push(generateCookie(partName(name, i), "", options));
    }
  }
  return lines;
}

function partName(name: string, index: number): string {
  return index === 0 ? name : `${name}.${index}`;
}

/**
 * Open a sealed session (its parts joined); `undefined` for garbage, tampering, an unknown key or
 * a bad shape. Frozen, with everything in it: it may be shared by many requests. Expiry is the
 * caller's business (it needs the clock).
 * @example openSession(sealer, scan.joined(0))?.email
 */
export function openSession(sealer: Sealer, sealed: string): Session | undefined {
  const plaintext = sealer.openBytes("session", sealed);
  if (plaintext === undefined) return undefined;
  const value = unpack(plaintext);
  if (!isPacked(value)) return undefined;
  // Only what the session keeps of the parsed value: the groups and the claims (its strings and
  // numbers are immutable already).
  Object.freeze(value.g);
  if (value.k !== undefined) deepFreeze(value.k);
  return Object.freeze({
    sub: value.s,
    username: value.u,
    email: value.e,
    name: value.n,
    groups: value.g,
    idTokenExpiresAt: value.i,
    sessionExpiresAt: value.x,
    refreshToken: value.r,
    csrfToken: value.c,
    accessToken: value.a ?? "",
    accessTokenExpiresAt: value.t ?? 0,
    claims: value.k ?? EMPTY_CLAIMS,
    checkedAt: value.l ?? 0,
  });
}

const EMPTY_CLAIMS: Readonly<Record<string, unknown>> = Object.freeze({});

/** The user a session is for, as the app sees it (frozen: it may be shared by many requests). */
export function userOf(session: Session): CognitoUser {
  const { sub, username, email, name, groups, claims, sessionExpiresAt } = session;
  return Object.freeze({ sub, username, email, name, groups, claims, sessionExpiresAt });
}

/**
 * The packed session in a plaintext of either version (see {@link Packed}); `undefined` if neither.
 * Decoded once: the tokens are slices of the one string (a copy each cost more than the decode).
 */
function unpack(plaintext: Buffer): unknown {
  try {
    const text = plaintext.toString("utf8");
    const first = text.indexOf("\n");
    if (first < 0) {
      const value = JSON.parse(text);
      return value?.v === 1 ? value : undefined;
    }
    const second = text.indexOf("\n", first + 1);
    if (second < 0 || text.indexOf("\n", second + 1) >= 0) return undefined;
    const value = JSON.parse(text.slice(0, first));
    if (typeof value !== "object" || value === null || value.v !== 2) return undefined;
    if (value.r !== undefined || value.a !== undefined) return undefined;
    value.r = text.slice(first + 1, second);
    value.a = text.slice(second + 1);
    return value;
  } catch {
    return undefined;
  }
}

function isPacked(value: unknown): value is Packed {
  if (typeof value !== "object" || value === null) return false;
  // Field by field, without building arrays: this runs on every request.
  const p = value as Record<string, unknown>;
  if (
    (p.v !== 1 && p.v !== 2) ||
    typeof p.s !== "string" ||
    p.s === "" ||
    typeof p.c !== "string" ||
    p.c === ""
  ) {
    return false;
  }
  if (typeof p.u !== "string" || typeof p.e !== "string" || typeof p.n !== "string") return false;
  if (typeof p.r !== "string" || !Number.isFinite(p.i) || !Number.isFinite(p.x)) return false;
  if (!Array.isArray(p.g)) return false;
  for (const g of p.g) if (typeof g !== "string") return false;
  if (p.a !== undefined && typeof p.a !== "string") return false;
  if (p.t !== undefined && !Number.isFinite(p.t)) return false;
  if (p.l !== undefined && !Number.isFinite(p.l)) return false;
  if (p.k !== undefined && (typeof p.k !== "object" || p.k === null || Array.isArray(p.k))) {
    return false;
  }
  return true;
}
