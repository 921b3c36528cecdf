import { createHmac, randomBytes } from "node:crypto";
import type { KoaContext } from "oidc-provider";

/**
 * Several tabs of one browser may be on `/login` at once, as with Cognito. oidc-provider keeps a
 * single interaction cookie per browser, so the last authorize would win for every tab, and one
 * shared CSRF cookie would race the same way when tabs open together. So each sign-in gets its own
 * cookie, `mockidp_signin_<interaction id>`, holding its CSRF token (set only in the browser that
 * started it), and the mock remembers which interaction each `/login?<query>` belongs to (the query
 * is the authorize query, with the app's per-attempt `state`).
 * At most `maxPending` sign-ins are remembered, the oldest dropped first.
 * @example const tabs = signInTabs(cookieKeys, 3600, 1000); tabs.remember(ctx, uid, query)
 */
export function signInTabs(
  cookieKeys: readonly string[],
  ttlSeconds: number,
  maxPending: number,
  /** The pool's cookie prefix (`mockidp_` for the built-in pool) and hosted UI path. */
  pool: { cookiePrefix: string; base: string } = { cookiePrefix: "mockidp_", base: "" },
) {
  const byQuery = new Map<string, { uid: string; expiresAt: number }>();
  // One per sign-in in progress: `mockidp_signin_<interaction id>` = that form's CSRF token.
  const cookieName = (uid: string) => `${pool.cookiePrefix}signin_${uid}`;
  const interactionCookie = `${pool.cookiePrefix}interaction`;
  const cookieOptions = {
    path: `${pool.base}/login`,
    httpOnly: true,
    sameSite: "lax",
    signed: false,
    overwrite: true,
  };

  return {
    /** Called when oidc-provider sends the browser to `/login?<query>` for interaction `uid`. */
    remember(ctx: KoaContext, uid: string, query: string): void {
      const now = Date.now();
      for (const [key, entry] of byQuery) if (entry.expiresAt <= now) byQuery.delete(key);
      byQuery.delete(query);
      byQuery.set(query, { uid, expiresAt: now + ttlSeconds * 1000 });
      for (const key of byQuery.keys()) {
        if (byQuery.size <= maxPending) break;
        byQuery.delete(key);
      }
      ctx.cookies.set(cookieName(uid), randomBytes(24).toString("base64url"), {
        ...cookieOptions,
        maxAge: ttlSeconds * 1000,
      });
    },

    /**
     * Makes oidc-provider see the interaction of this `/login?<query>` if this browser started it;
     * otherwise leaves the request as it is (oidc-provider then uses its own cookie).
     */
    select(ctx: KoaContext): void {
      const entry = byQuery.get(ctx.querystring);
      if (!entry || entry.expiresAt <= Date.now()) return;
      if (!ctx.cookies.get(cookieName(entry.uid), { signed: false })) return;
      setRequestCookie(ctx, interactionCookie, entry.uid, cookieKeys[0] as string);
    },

    /** The CSRF token of a sign-in, as this browser holds it; `create` makes one when missing. */
    csrf(ctx: KoaContext, uid: string, create: boolean): string | undefined {
      const existing = ctx.cookies.get(cookieName(uid), { signed: false });
      if (existing || !create) return existing;
      const token = randomBytes(24).toString("base64url");
      ctx.cookies.set(cookieName(uid), token, { ...cookieOptions, maxAge: ttlSeconds * 1000 });
      return token;
    },

    /** Drops a finished sign-in's cookie. */
    forget(ctx: KoaContext, uid: string): void {
      ctx.cookies.set(cookieName(uid), null, cookieOptions);
    },
  };
}

/** The sign-in bookkeeping of one mock. */
export type SignInTabs = ReturnType<typeof signInTabs>;

/**
 * Replaces a signed cookie in the request's Cookie header, as if the browser had sent it: the
 * value and its keygrip signature (HMAC-SHA1, base64url), which is what oidc-provider checks.
 * @example setRequestCookie(ctx, "mockidp_interaction_resume", uid, cookieKeys[0])
 */
export function setRequestCookie(ctx: KoaContext, name: string, value: string, key: string): void {
  const signature = createHmac("sha1", key)
    .update(`${name}=${value}`)
    .digest("base64")
    .replace(/[/+=]/g, (c) => ({ "/": "_", "+": "-", "=": "" })[c] as string);
  const others = (ctx.req.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith(`${name}=`) && !part.startsWith(`${name}.sig=`));
  ctx.req.headers.cookie = [...others, `${name}=${value}`, `${name}.sig=${signature}`].join("; ");
}
