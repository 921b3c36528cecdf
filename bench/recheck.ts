/**
 * What the middleware's re-check of a live session with Cognito (`recheckSeconds`) costs, against
 * the real mock IdP in its own process, so this process's CPU time is the middleware's alone.
 *
 * 1. **The two calls that see a revoked or disabled user**, straight at the mock, one after
 *    another, interleaved: the `refresh_token` grant (what the middleware uses) and
 *    `GET /oauth2/userInfo` with the access token (the alternative). Wall time per call.
 * 2. **The hit path**: `GET /api/me` through the app's `request()` with a session that is not due, re-checks on (the default 60 s) and off (`null`): CPU per request, interleaved
 *    rounds. The difference is the hit path's timestamp compare (within noise).
 * 3. **The request that performs it**: sessions signed in through the middleware at the mock,
 *    made due (`recheckSeconds: 1`, then a second's wait), each sent once: one refresh grant,
 *    the new ID token verified, the cookie resealed. Wall time and CPU per request, against the
 *    same sessions' next request (a hit).
 * 4. **Amortised**: the check's added CPU and wait divided by the requests a session makes per
 *    interval, at one request per second (60 per default interval).
 */

import type { CognitoAuthVariables } from "@cognito-dashboard/cognito-auth";
import { CALLBACK_PATH } from "@cognito-dashboard/local-dev";
import type { Hono } from "hono";
import { createCognitoAuthApp } from "./apps/cognito-auth.ts";
import { ME_PATH } from "./apps/no-auth.ts";
import { CookieJar, type Credentials, signIn } from "./browser.ts";
import { startChild } from "./child.ts";
import { fetchTokens, type IdpInfo } from "./idp-tokens.ts";
import type { MockIdpRequest } from "./mock-idp-child.ts";
import type { BenchSettings } from "./settings.ts";
import { median, percentile } from "./stats.ts";

const ORIGIN = "http://localhost:3000";
const SECRET = "recheck-bench-session-secret-0123456789abc";
/** Requests a session makes per default interval in the amortised figure: one a second. */
export const REQUESTS_PER_INTERVAL = 60;

export interface CallTiming {
  id: "refresh" | "userinfo";
  label: string;
  calls: number;
  medianMs: number;
  p95Ms: number;
  /** The answer's size in bytes (the last one). */
  answerBytes: number;
}

export interface RecheckResult {
  /** Section 1: the candidate calls against the mock. */
  calls: CallTiming[];
  /** Section 2: CPU per request of a hit, re-checks on and off, and the difference. */
  hit: { onUs: number; offUs: number; addedUs: number; requestsPerRound: number; rounds: number };
  /** Section 3: the request that performs the check, against a hit of the same sessions. */
  check: {
    sessions: number;
    cpuUs: number;
    hitCpuUs: number;
    addedCpuUs: number;
    wallMs: number;
    hitWallMs: number;
    addedWallMs: number;
  };
  /** Section 4: added per request at {@link REQUESTS_PER_INTERVAL} requests per interval. */
  amortised: { requestsPerInterval: number; cpuUs: number; wallMs: number };
}

type App = Hono<{ Variables: CognitoAuthVariables }>;

/**
 * Runs the re-check benchmarks.
 * @example const result = await measureRecheck(FULL.recheck, console.error)
 */
export async function measureRecheck(
  settings: BenchSettings["recheck"],
  log: (line: string) => void,
): Promise<RecheckResult> {
  const credentials: Credentials = {
    username: "recheck@example.com",
    password: "Recheck-bench-Passw0rd!",
  };
  const mockRequest: MockIdpRequest = {
    extraCallbackUrls: [],
    users: [{ email: credentials.username, password: credentials.password, name: "Bench User" }],
  };
  const mock = await startChild<IdpInfo>(
    new URL("./mock-idp-child.ts", import.meta.url),
    mockRequest,
  );
  try {
    const idp = mock.info;
    log("  re-check: the refresh grant and userInfo against the mock");
    const calls = await timeCalls(idp, credentials, settings.calls);

    const app = (recheckSeconds: number | null): App =>
      createCognitoAuthApp(idp, { sessionSecrets: [SECRET], recheckSeconds });
    const on = app(60);
    const off = app(null);
    const due = app(1);

    log(`  re-check: signing in ${settings.sessions + 1} times at the mock`);
    const sessions = await signInAtMock(due, credentials, settings.sessions + 1);
    const one = sessions.pop() as string;

    // Section 2: a session that is not due, over and over.
    for (const hono of [on, off]) {
      const status = (await request(hono, one)).status;
      if (status !== 200) throw new Error(`re-check hit: status ${status}`);
    }
    const onRounds: number[] = [];
    const offRounds: number[] = [];
    for (let round = 0; round < settings.rounds + 1; round++) {
      const a = await cpuPerRequest(on, one, settings.requestsPerRound);
      const b = await cpuPerRequest(off, one, settings.requestsPerRound);
      if (round > 0) {
        onRounds.push(a);
        offRounds.push(b);
      }
    }

    // Section 3: every session due once, then the same sessions again (hits).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const checked = await sendEach(due, sessions, true);
    // The same sessions again, resealed: hits (through the 60 s middleware, so a session checked
    // early in the pass is not due again by the time it comes round).
    const hits = await sendEach(
      on,
      checked.map((r) => r.cookie),
      false,
    );
    const perRequest = (rs: Answer[]) => ({
      cpu: median(rs.map((r) => r.cpuUs)),
      wall: median(rs.map((r) => r.wallMs)),
    });
    const c = perRequest(checked);
    const h = perRequest(hits);
    const addedCpuUs = c.cpu - h.cpu;
    const addedWallMs = c.wall - h.wall;
    return {
      calls,
      hit: {
        onUs: median(onRounds),
        offUs: median(offRounds),
        addedUs: median(onRounds.map((v, i) => v - (offRounds[i] ?? Number.NaN))),
        requestsPerRound: settings.requestsPerRound,
        rounds: settings.rounds,
      },
      check: {
        sessions: sessions.length,
        cpuUs: c.cpu,
        hitCpuUs: h.cpu,
        addedCpuUs,
        wallMs: c.wall,
        hitWallMs: h.wall,
        addedWallMs,
      },
      amortised: {
        requestsPerInterval: REQUESTS_PER_INTERVAL,
        cpuUs: addedCpuUs / REQUESTS_PER_INTERVAL,
        wallMs: addedWallMs / REQUESTS_PER_INTERVAL,
      },
    };
  } finally {
    await mock.stop();
  }
}

/** The refresh grant and userInfo, `count` times each, interleaved, one after another. */
async function timeCalls(
  idp: IdpInfo,
  credentials: Credentials,
  count: number,
): Promise<CallTiming[]> {
  const tokens = await fetchTokens(idp, `${ORIGIN}${CALLBACK_PATH}`, credentials);
  const basic = `Basic ${Buffer.from(`${idp.clientId}:${idp.clientSecret}`).toString("base64")}`;
  const refresh = async () => {
    const res = await fetch(new URL("/oauth2/token", idp.url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
      }),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`refresh grant: ${res.status}`);
    return text.length;
  };
  const userInfo = async () => {
    const res = await fetch(new URL("/oauth2/userInfo", idp.url), {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`userInfo: ${res.status}`);
    return text.length;
  };
  const samples = { refresh: [] as number[], userinfo: [] as number[] };
  const bytes = { refresh: 0, userinfo: 0 };
  // One unmeasured pair warms the connections and both endpoints.
  await refresh();
  await userInfo();
  for (let i = 0; i < count; i++) {
    let t = performance.now();
    bytes.refresh = await refresh();
    samples.refresh.push(performance.now() - t);
    t = performance.now();
    bytes.userinfo = await userInfo();
    samples.userinfo.push(performance.now() - t);
  }
  const timing = (id: CallTiming["id"], label: string): CallTiming => ({
    id,
    label,
    calls: count,
    medianMs: median(samples[id]),
    p95Ms: percentile(samples[id], 95),
    answerBytes: bytes[id],
  });
  return [
    timing("refresh", "POST /oauth2/token, refresh_token grant (the re-check's call)"),
    timing("userinfo", "GET /oauth2/userInfo with the access token"),
  ];
}

/** Signs in `count` times through `app`'s middleware at the mock; the session cookies. */
async function signInAtMock(app: App, credentials: Credentials, count: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const login = await app.request(`${ORIGIN}/login/cognito`, {
      headers: { accept: "text/html" },
    });
    const location = login.headers.get("location");
    if (login.status !== 302 || !location) throw new Error(`login answered ${login.status}`);
    const attempt = pairs(login.headers.getSetCookie()).join("; ");
    const end = await signIn(new CookieJar(), new URL(location), credentials, (next) =>
      next.pathname.endsWith(CALLBACK_PATH),
    );
    if (!end.location) throw new Error(`the mock's sign-in ended with ${end.status}`);
    const done = await app.request(new URL(end.location, end.url).href, {
      headers: { accept: "text/html", cookie: attempt },
    });
    const session = sessionPairs(done.headers.getSetCookie());
    if (done.status !== 302 || !session) throw new Error(`callback answered ${done.status}`);
    cookies.push(session);
  }
  return cookies;
}

function pairs(setCookies: string[]): string[] {
  return setCookies.map((line) => line.split(";")[0] ?? "").filter((pair) => !pair.endsWith("="));
}

/** The session's cookie pairs in a response (all its numbered parts), or "" for none. */
function sessionPairs(setCookies: string[]): string {
  return pairs(setCookies)
    .filter((pair) => /^cdash_session(\.\d)?=/.test(pair))
    .join("; ");
}

interface Answer {
  status: number;
  cpuUs: number;
  wallMs: number;
  /** The cookie to send next: the resealed session when one came back, else the one sent. */
  cookie: string;
}

/**
 * Each cookie once, one after another: status, CPU and wall time of each. `checks` says whether
 * each must be the request that re-checks (a resealed cookie comes back) or a hit (none does).
 */
async function sendEach(app: App, cookies: string[], checks: boolean): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const cookie of cookies) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const res = await request(app, cookie);
    await res.arrayBuffer();
    const wallMs = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (res.status !== 200) throw new Error(`re-check request: status ${res.status}`);
    const resealed = sessionPairs(res.headers.getSetCookie());
    if ((resealed !== "") !== checks) {
      throw new Error(checks ? "a due session was not re-checked" : "a hit re-checked");
    }
    answers.push({
      status: res.status,
      cpuUs: used.user + used.system,
      wallMs,
      cookie: resealed || cookie,
    });
  }
  return answers;
}

/** CPU time (user + system) per request over `count` requests with one cookie. */
async function cpuPerRequest(app: App, cookie: string, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) await (await request(app, cookie)).arrayBuffer();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

/** One `GET /api/me` through the app's `request()` with `cookie`. */
async function request(app: App, cookie: string): Promise<Response> {
  return app.request(`${ORIGIN}${ME_PATH}`, {
    headers: { accept: "application/json", cookie },
  });
}
