import { type ChainEnd, CookieJar, type Credentials, signIn } from "./browser.ts";
import { median, percentile } from "./stats.ts";

/** Logins through one app, one after another or several at once. */
export interface LoginRunResult {
  count: number;
  concurrency: number;
  seconds: number;
  loginsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** HTTP requests in one login (every redirect and the form post counted). */
  requestsPerLogin: number;
  /** Median time of each request of the chain, in order: where a login's time goes. */
  hops: { request: string; medianMs: number }[];
  failures: number;
}

/** Where a login starts and how to tell it worked. */
export interface LoginTarget {
  /** The app URL a browser would open first. */
  start: URL;
  /** The session cookie the app sets at the end of a good login. */
  sessionCookie: string;
}

/** One login in a fresh browser: no cookies, so the IdP shows its form and checks the password. */
export async function loginOnce(
  target: LoginTarget,
  credentials: Credentials,
): Promise<{ end: ChainEnd; jar: CookieJar; ok: boolean }> {
  const jar = new CookieJar();
  const end = await signIn(jar, target.start, credentials);
  const ok = end.status === 200 && jar.get(target.start, target.sessionCookie) !== undefined;
  return { end, jar, ok };
}

/**
 * Runs `count` full logins, `concurrency` at a time; each one times the whole chain.
 * @example await measureLogins(target, user, 100, 1)
 */
export async function measureLogins(
  target: LoginTarget,
  credentials: Credentials,
  count: number,
  concurrency: number,
): Promise<LoginRunResult> {
  const times: number[] = [];
  let failures = 0;
  let requestsPerLogin = 0;
  const hopTimes = new Map<string, number[]>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const started = performance.now();
      try {
        const { end, ok } = await loginOnce(target, credentials);
        if (!ok) {
          failures++;
          continue;
        }
        times.push(performance.now() - started);
        requestsPerLogin = end.hops.length;
        for (const hop of end.hops) {
          const request = `${hop.method} ${new URL(hop.url).pathname} (${hop.status})`;
          const list = hopTimes.get(request) ?? [];
          list.push(hop.ms);
          hopTimes.set(request, list);
        }
      } catch {
        failures++;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    count,
    concurrency,
    seconds,
    loginsPerSecond: times.length / seconds,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    requestsPerLogin,
    hops: [...hopTimes].map(([request, ms]) => ({ request, medianMs: median(ms) })),
    failures,
  };
}

/**
 * Signs in `count` times, `concurrency` at once, and returns each login's session cookie as a
 * `name=value` pair: distinct sessions, each sealed by the app itself.
 * @example const cookies = await collectSessions(target, user, 1200, 20)
 */
export async function collectSessions(
  target: LoginTarget,
  credentials: Credentials,
  count: number,
  concurrency: number,
): Promise<string[]> {
  const cookies: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const { jar, ok, end } = await withRetries(() => loginOnce(target, credentials));
      const cookie = sessionCookieHeader(jar, target.start, target.sessionCookie);
      if (!ok || cookie === undefined) throw new Error(`a sign-in ended with ${end.status}`);
      cookies.push(cookie);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return cookies;
}

/**
 * A sign-in again, in a fresh jar, when the network failed under it (a keep-alive connection the
 * server closed as it was reused): thousands of sign-ins in a row must not die of one. A sign-in
 * the app or the IdP refused is not retried.
 */
async function withRetries<T>(attempt: () => Promise<T>, tries = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries) throw error;
    }
  }
}

/**
 * The Cookie header of a session: `name`, and the numbered parts a session larger than one
 * cookie comes in (`name.1`, `name.2`); `undefined` without one.
 * @example sessionCookieHeader(jar, start, "cdash_session") // "cdash_session=…; cdash_session.1=…"
 */
export function sessionCookieHeader(jar: CookieJar, url: URL, name: string): string | undefined {
  const pairs: string[] = [];
  for (const part of [name, `${name}.1`, `${name}.2`]) {
    const value = jar.get(url, part);
    if (value === undefined) break;
    pairs.push(`${part}=${value}`);
  }
  return pairs.length === 0 ? undefined : pairs.join("; ");
}
