import type { CookieOptions } from "hono/utils/cookie";

/** The `cookies` option, validated: how the middleware names and scopes its cookies. */
export interface CookieSettingsInput {
  prefix: string;
  path: string;
  domain: string | undefined;
  sameSite: "Lax" | "Strict" | "None";
}

/**
 * Names and attributes of the middleware's cookies, worked out once per middleware.
 *
 * - The session cookie is `<prefix>_session` (split ones add `.1`, `.2`, ...). Over https it is
 *   `__Host-` prefixed when it may be (`Path=/`, no `Domain`), else `__Secure-`.
 * - Login attempts are `<prefix>_tx_<id>`, always host-only and `SameSite=Lax` (the callback is
 *   a cross-site navigation). Over http their path is the longest path the login and callback
 *   routes share, so no other page gets them; over https they are `__Host-` (`Path=/`).
 */
export class CookieSettings {
  readonly #input: CookieSettingsInput;
  readonly #txPath: string;
  readonly #sessionName: { http: string; https: string };
  readonly #txPrefix: { http: string; https: string };
  /** Names the middleware may expire as attempts: anything else was not set by it. */
  readonly expirableAttempt: RegExp;

  constructor(input: CookieSettingsInput, routes: { login: string; callback: string }) {
    this.#input = input;
    this.#txPath = sharedPath(routes.login, routes.callback);
    const session = `${input.prefix}_session`;
    const hostOnlyRoot = input.path === "/" && input.domain === undefined;
    this.#sessionName = {
      http: session,
      https: `${hostOnlyRoot ? "__Host-" : "__Secure-"}${session}`,
    };
    const tx = `${input.prefix}_tx_`;
    this.#txPrefix = { http: tx, https: `__Host-${tx}` };
    this.expirableAttempt = new RegExp(`^(?:__Host-)?${tx}[\\w!#$%&'*.^\`|~+-]{0,64}$`);
  }

  /** The session cookie's name (the first part's, when it is split). */
  sessionName(https: boolean): string {
    return https ? this.#sessionName.https : this.#sessionName.http;
  }

  /** Attributes of the session cookie; `maxAge` 0 expires it. */
  sessionOptions(https: boolean, maxAge: number): CookieOptions {
    const { path, domain, sameSite } = this.#input;
    // SameSite=None is only accepted on a Secure cookie.
    const secure = https || sameSite === "None";
    return { path, httpOnly: true, sameSite, secure, maxAge, ...(domain ? { domain } : {}) };
  }

  /** The prefix of every login-attempt cookie's name. */
  attemptPrefix(https: boolean): string {
    return https ? this.#txPrefix.https : this.#txPrefix.http;
  }

  /** Attributes of a login-attempt cookie. */
  attemptOptions(https: boolean, maxAge: number): CookieOptions {
    const path = https ? "/" : this.#txPath;
    return { path, httpOnly: true, sameSite: "Lax", secure: https, maxAge };
  }
}

/**
 * The longest path two paths share, segment by segment: a cookie with it is sent to both.
 * @example sharedPath("/login/cognito", "/login/cognito/authorized") // "/login/cognito"
 */
export function sharedPath(a: string, b: string): string {
  const x = a.split("/");
  const y = b.split("/");
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return x.slice(0, i).join("/") || "/";
}
