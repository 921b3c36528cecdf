import { randomBytes } from "node:crypto";
import { DEFAULT_RECHECK_SECONDS } from "@cognito-dashboard/cognito-auth/testing";
import { CALLBACK_PATH, LOGIN_PATH } from "@cognito-dashboard/local-dev";
import { ME_PATH } from "./apps/no-auth.ts";
import { OIDC_AUTH_COOKIE } from "./apps/oidc-auth.ts";
import type { Credentials } from "./browser.ts";
import { type Child, forkChild, startChild } from "./child.ts";
import { fetchTokens, type IdpInfo } from "./idp-tokens.ts";
import { type LoadResult, type LoadTarget, measureLoad } from "./load.ts";
import {
  collectSessions,
  type LoginRunResult,
  type LoginTarget,
  loginOnce,
  measureLogins,
  sessionCookieHeader,
} from "./login.ts";
import type { MockIdpRequest } from "./mock-idp-child.ts";
import { type Pinning, pinApart } from "./pinning.ts";
import { freePort } from "./ports.ts";
import { type ProcMemory, procMemory } from "./proc-memory.ts";
import type { Scenario, ServerInfo, ServerRequest } from "./server-child.ts";
import type { BenchSettings } from "./settings.ts";
import { pairedRatio } from "./stats.ts";

/** The middleware's session cookie over http (it is `__Host-` prefixed only over https). */
const SESSION_COOKIE = "cdash_session";

/** One request-overhead scenario, as reported. */
export interface OverheadResult extends LoadResult {
  label: string;
  /** Throughput relative to (a), the same route without auth: median of round-by-round ratios. */
  ratioToNoAuth: number;
  /** The status the route answers without the cookie: proof the auth really guards it. */
  statusWithoutCookie: number;
  /** Length of the `cookie` header sent with every request (0 for none). */
  cookieBytes: number;
}

export interface LoginResults {
  /** Through the dashboard with our middleware: sequential, then `concurrency` at once. */
  sequential: LoginRunResult;
  concurrent: LoginRunResult;
  /** The same chain through `@hono/oidc-auth`, sequential, for comparison. */
  oidcAuthSequential?: LoginRunResult;
}

interface ScenarioSpec {
  id: string;
  scenario: Scenario;
  label: string;
  /** Signs in through the app to get a session; else the app's own cookie (or none) is used. */
  signIn?: { start: string; cookie: string };
  /** Sends the same cookie as this other scenario (same bytes on the wire). */
  cookieOf?: string;
  /** Answers without the cookie too: a floor to compare with, not a check. */
  unguarded?: true;
  /** Our middleware with its default re-check: the load keeps the re-sealed cookie (see `recheckMs`). */
  rechecks?: true;
}

const SCENARIOS: readonly ScenarioSpec[] = [
  { id: "a", scenario: "no-auth", label: "no auth (the limit)" },
  {
    id: "a'",
    scenario: "cookie-only",
    label:
      'an async middleware that reads c.req.header("cookie"), sent (b)\'s cookie (the floor of any cookie auth)',
    cookieOf: "b",
  },
  {
    id: "e",
    scenario: "empty-middleware",
    label: "one empty async middleware, sends (b)'s cookie (the floor of any middleware)",
    cookieOf: "b",
    unguarded: true,
  },
  {
    id: "b",
    scenario: "cognito-auth",
    label: "our middleware, one valid session cookie",
    signIn: { start: LOGIN_PATH, cookie: SESSION_COOKIE },
    rechecks: true,
  },
  {
    id: "b-lean",
    scenario: "cognito-auth-lean",
    label: "our middleware with keepAccessToken: false, one valid session cookie (no access token)",
    signIn: { start: LOGIN_PATH, cookie: SESSION_COOKIE },
    rechecks: true,
  },
  {
    id: "c",
    scenario: "oidc-auth",
    label: "@hono/oidc-auth, valid session",
    signIn: { start: ME_PATH, cookie: OIDC_AUTH_COOKIE },
  },
  { id: "d", scenario: "userinfo", label: "userInfo call per request (dash-cognito-auth)" },
  {
    id: "b'",
    scenario: "dashboard",
    label: "the dashboard app's own /api/me (info)",
    signIn: { start: LOGIN_PATH, cookie: SESSION_COOKIE },
    rechecks: true,
  },
];

/**
 * Starts the mock IdP and one server process per scenario, signs in where a scenario needs a
 * session, checks every route answers 200 with its cookie and refuses without it, then measures
 * the request overhead and full logins.
 * @example const { overhead, logins } = await runHttpBenchmarks(FULL, console.log)
 */
export async function runHttpBenchmarks(
  settings: BenchSettings,
  log: (line: string) => void,
  only: readonly string[] = SCENARIOS.map((s) => s.id),
): Promise<{
  overhead: OverheadResult[];
  pinning: Pinning;
  logins: LoginResults;
  mockMemory?: ProcMemory;
}> {
  const scenarios = SCENARIOS.filter((s) => only.includes(s.id));
  const credentials: Credentials = {
    username: "bench@example.com",
    password: randomBytes(12).toString("base64url"),
  };
  // Ports are chosen before the mock starts, because it must register their callback URLs.
  const ports = new Map<string, number>();
  for (const spec of scenarios) ports.set(spec.id, spec.signIn ? await freePort() : 0);
  const children: Child<unknown>[] = [];
  // Forked now, each loading its app while the mock IdP starts; only the dashboard's pages are
  // JSX, which Node's own type stripping does not read.
  const forked = scenarios.map((spec) =>
    forkChild(new URL("./server-child.ts", import.meta.url), {
      tsx: spec.scenario === "dashboard",
      args: [spec.scenario],
    }),
  );
  try {
    const mockRequest: MockIdpRequest = {
      extraCallbackUrls: [...ports.values()]
        .filter((port) => port !== 0)
        .map((port) => `http://localhost:${port}${CALLBACK_PATH}`),
      users: [{ email: credentials.username, password: credentials.password, name: "Bench User" }],
    };
    const mockChild = new URL("./mock-idp-child.ts", import.meta.url);
    const mock = await startChild<IdpInfo>(mockChild, mockRequest);
    children.push(mock);
    const idp = mock.info;
    // @hono/oidc-auth finds its IdP by discovery under the issuer, unpatched: it gets a mock in
    // the local issuer mode (our middleware verifies Cognito's issuer, so it keeps the other).
    let localIdp: IdpInfo | undefined;
    if (scenarios.some((spec) => spec.scenario === "oidc-auth")) {
      const local = await startChild<IdpInfo>(mockChild, { ...mockRequest, issuer: "local" });
      children.push(local);
      localIdp = local.info;
    }
    // A sign-in as the Python app does it, for the userInfo scenario's access token.
    const tokens = await fetchTokens(idp, `http://localhost:3000${CALLBACK_PATH}`, credentials);

    const servers = await Promise.all(
      scenarios.map(async (spec, i) => {
        const request: ServerRequest = {
          scenario: spec.scenario,
          port: ports.get(spec.id) ?? 0,
          idp: spec.scenario === "oidc-auth" && localIdp ? localIdp : idp,
          tokens,
        };
        const child = await (forked[i] as (typeof forked)[number]).start<ServerInfo>(request);
        children.push(child);
        return { spec, info: child.info, child };
      }),
    );

    const cookies = new Map<string, string | undefined>();
    const signedInAt = new Map<string, number>();
    for (const { spec, info } of servers) {
      let cookie = info.cookie;
      if (spec.signIn) {
        const start = new URL(spec.signIn.start, `http://localhost:${info.port}`);
        const { end, jar, ok } = await loginOnce(
          { start, sessionCookie: spec.signIn.cookie },
          credentials,
        );
        if (!ok) {
          throw new Error(
            `(${spec.id}) sign-in failed: ${end.hops.map((h) => `${h.method} ${new URL(h.url).pathname} ${h.status}`).join(", ")}`,
          );
        }
        cookie = sessionCookieHeader(jar, start, spec.signIn.cookie);
        signedInAt.set(spec.id, Date.now());
      }
      cookies.set(spec.id, cookie);
    }
    const targets: (LoadTarget & { label: string; statusWithoutCookie: number })[] = [];
    for (const { spec, info, child } of servers) {
      const cookie = cookies.get(spec.cookieOf ?? spec.id);
      // autocannon goes to 127.0.0.1 directly: no name lookup, no IPv6 attempt first.
      const url = `http://127.0.0.1:${info.port}${ME_PATH}`;
      const statusWithoutCookie = await checkRoute(spec.id, url, cookie, !spec.unguarded);
      targets.push({
        id: spec.id,
        url,
        label: spec.label,
        statusWithoutCookie,
        serverCpu: child.cpuMicros,
        ...(spec.scenario === "userinfo" ? { idpCpu: mock.cpuMicros } : {}),
        ...(cookie ? { cookie } : {}),
        ...(spec.signIn ? { storesCookies: true } : {}),
        ...(spec.rechecks && cookie
          ? {
              recheckMs: DEFAULT_RECHECK_SECONDS * 1000,
              cookieSetAt: signedInAt.get(spec.id) ?? Date.now(),
            }
          : {}),
      });
    }

    const ours = targets.find((t) => t.id === "b");
    if (ours && settings.load.distinctSessions > 0) {
      // The middleware remembers sessions it opened; one cookie over and over measures only its
      // cache. These sessions, sent in turn, are three times more than it keeps: every request
      // opens one, whatever its cache's policy.
      const count = settings.load.distinctSessions;
      log(`  signing in ${count} times for (b-miss)`);
      const start = new URL(LOGIN_PATH, `http://localhost:${new URL(ours.url).port}`);
      const cookies = await collectSessions(
        { start, sessionCookie: SESSION_COOKIE },
        credentials,
        count,
        settings.login.concurrency,
      );
      targets.splice(targets.indexOf(ours) + 1, 0, {
        ...ours,
        id: "b-miss",
        label: `our middleware, ${count.toLocaleString("en-US")} sessions in turn (${settings.smoke ? "smoke: too few to miss its cache" : "every request a cache miss"})`,
        cookies,
      });
    }

    const pids = children.map((child) => child.process.pid).filter((pid) => pid !== undefined);
    const { pinning, undo } = await pinApart(pids);
    log(`  ${pinning.description}`);
    log(`request overhead: ${targets.length} scenarios, ${describeLoad(settings.load)}`);
    const loads = await measureLoad(targets, settings.load, log).finally(undo);
    const noAuth = loads.find((r) => r.id === "a");
    const overhead = loads.map((result, i) => {
      const target = targets[i] as (typeof targets)[number];
      return {
        ...result,
        label: target.label,
        statusWithoutCookie: target.statusWithoutCookie,
        cookieBytes: target.cookies?.length
          ? Math.round(target.cookies.reduce((sum, c) => sum + c.length, 0) / target.cookies.length)
          : (target.cookie?.length ?? 0),
        ratioToNoAuth: noAuth ? pairedRatio(result.roundRps, noAuth.roundRps) : Number.NaN,
      };
    });

    log("full logins");
    const port = (id: string): number =>
      servers.find((s) => s.spec.id === id)?.info.port ?? Number.NaN;
    const dashboard: LoginTarget = {
      start: new URL(LOGIN_PATH, `http://localhost:${port("b'")}`),
      sessionCookie: SESSION_COOKIE,
    };
    const { sequential, concurrency, concurrentTotal } = settings.login;
    const logins: LoginResults = {
      sequential: await measureLogins(dashboard, credentials, sequential, 1),
      concurrent: await measureLogins(dashboard, credentials, concurrentTotal, concurrency),
    };
    if (only.includes("c")) {
      const oidcAuth: LoginTarget = {
        start: new URL(ME_PATH, `http://localhost:${port("c")}`),
        sessionCookie: OIDC_AUTH_COOKIE,
      };
      logins.oidcAuthSequential = await measureLogins(oidcAuth, credentials, sequential, 1);
    }
    const mockMemory = await procMemory(mock.process.pid);
    return mockMemory ? { overhead, pinning, logins, mockMemory } : { overhead, pinning, logins };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    // Any forked server that never got its request (a failure before it).
    for (const pending of forked) pending.kill();
  }
}

/**
 * A scenario must answer 200 JSON with its cookie, and must not without it: otherwise the bench
 * would measure a route that is not guarded, or one that fails fast.
 */
async function checkRoute(
  id: string,
  url: string,
  cookie: string | undefined,
  guarded: boolean,
): Promise<number> {
  const withCookie = await fetch(url, { headers: cookie ? { cookie } : {} });
  const body = await withCookie.text();
  if (withCookie.status !== 200 || !body.includes('"sub"')) {
    throw new Error(`(${id}) ${url} answered ${withCookie.status} with the session, not 200`);
  }
  const without = await fetch(url, { redirect: "manual" });
  await without.body?.cancel();
  if (guarded && cookie && without.status < 300) {
    throw new Error(`(${id}) ${url} answered ${without.status} without a session`);
  }
  return without.status;
}

function describeLoad(load: BenchSettings["load"]): string {
  return `${load.connections} connections, ${load.warmupSeconds} s warm-up, ${load.rounds} x ${load.durationSeconds} s`;
}
