import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { applySetCookies } from "./cookie-jar.ts";
import type { BenchSettings } from "./settings.ts";
import { median, percentile } from "./stats.ts";

/** One thing to put under load: a URL and the cookie that gets it a 200. */
export interface LoadTarget {
  id: string;
  url: string;
  cookie?: string;
  /** Cookies to send in turn instead, one per request, round robin over all connections. */
  cookies?: readonly string[];
  /** The server process's CPU time so far, in microseconds. */
  serverCpu: () => Promise<number>;
  /** The IdP's, for a scenario that calls it on every request. */
  idpCpu?: () => Promise<number>;
  /**
   * Keeps its cookies as a browser does: before each run, one request per cookie, and what the
   * server sets (a session resealed by a re-check or a renewal) replaces what was sent. Without
   * it the load would replay, minutes later, a cookie no browser still holds, and every request
   * would redo the re-check that a browser's first request settles.
   */
  storesCookies?: boolean;
  /**
   * The server re-checks a session this long after it was sealed (our middleware's
   * `recheckSeconds`): with `cookieSetAt`, a round of one cookie never starts where the re-check
   * would fall due during it (the harness waits for it to be due, and keeps the re-sealed cookie
   * first), so no round replays a cookie that every request would re-check.
   */
  recheckMs?: number;
  /** When `cookie` was sealed (epoch ms): the sign-in, or the last Set-Cookie kept. */
  cookieSetAt?: number;
}

/** What one target did under load, over all its rounds. */
export interface LoadResult {
  id: string;
  /** Median over rounds of 2xx answers per second. */
  rps: number;
  /** Each round's 2xx answers per second, to show the spread. */
  roundRps: number[];
  /** Latency of 2xx answers, pooled over the rounds, in milliseconds (microsecond resolution). */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Answers counted over the measured rounds. */
  requests: number;
  /** Answers that were not 2xx, plus connection errors and timeouts: must be 0 for a fair run. */
  failures: number;
  /**
   * Server CPU time per answer (all its threads), in microseconds: what a request costs the
   * server, whatever the load generator's own ceiling.
   */
  serverCpuUs: number;
  /** Each round's server CPU time per answer, to show the spread (absent in older results). */
  roundServerCpuUs?: number[];
  /** IdP CPU time per answer, for the scenario that calls it on every request. */
  idpCpuUs?: number;
  /** Server CPU time over wall time: 1 is one core busy all along (the rest waits on the load generator). */
  serverCores: number;
}

interface Round {
  ok: number;
  failures: number;
  seconds: number;
  latencies: number[];
  serverCpu: number;
  idpCpu: number;
}

async function runOnce(target: LoadTarget, connections: number, seconds: number): Promise<Round> {
  const server0 = await target.serverCpu();
  const idp0 = (await target.idpCpu?.()) ?? 0;
  const round = await autocannonRound(target, connections, seconds);
  round.serverCpu = (await target.serverCpu()) - server0;
  round.idpCpu = ((await target.idpCpu?.()) ?? 0) - idp0;
  return round;
}

function autocannonRound(target: LoadTarget, connections: number, seconds: number): Promise<Round> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const rotating = target.cookies;
    let turn = 0;
    const instance = autocannon(
      {
        url: target.url,
        connections,
        duration: seconds,
        // autocannon stops at its next sample tick: a round shorter than its default 1 s tick
        // would still take a second.
        sampleInt: Math.min(1000, Math.max(50, Math.round(seconds * 1000))),
        headers: target.cookie ? { cookie: target.cookie } : {},
        ...(rotating?.length
          ? {
              requests: [
                {
                  setupRequest: (request) => {
                    const cookie = rotating[turn++ % rotating.length] as string;
                    return { ...request, headers: { ...request.headers, cookie } };
                  },
                },
              ],
            }
          : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          ok: result["2xx"],
          failures: result.non2xx + result.errors + result.timeouts,
          seconds: result.duration,
          latencies,
          serverCpu: 0,
          idpCpu: 0,
        });
      },
    );
    // autocannon's own histogram has 1 ms resolution, too coarse for sub-millisecond answers;
    // its response event carries the hrtime-based duration.
    instance.on("response", (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

/**
 * Puts each target under the same load: one unmeasured warm-up, then `rounds` measured rounds,
 * interleaved across targets (a b c a b c …) so that drift on the machine is shared fairly.
 * @example const results = await measureLoad([{ id: "a", url }], FULL.load, console.log)
 */
export async function measureLoad(
  targets: readonly LoadTarget[],
  settings: BenchSettings["load"],
  log: (line: string) => void,
): Promise<LoadResult[]> {
  const rounds = new Map<string, Round[]>(targets.map((t) => [t.id, []]));
  const live = targets.map((target) => ({ ...target }));
  if (settings.warmupSeconds > 0) {
    for (const target of live) {
      await storeSetCookies(target, settings.warmupSeconds * 1000);
      await runOnce(target, settings.connections, settings.warmupSeconds);
    }
  }
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of live) {
      await storeSetCookies(target, settings.durationSeconds * 1000);
      const result = await runOnce(target, settings.connections, settings.durationSeconds);
      rounds.get(target.id)?.push(result);
      log(
        `  load ${target.id} round ${round}/${settings.rounds}: ${Math.round(result.ok / result.seconds)} req/s`,
      );
    }
  }
  return targets.map((target) => {
    const done = rounds.get(target.id) ?? [];
    const latencies = done.flatMap((r) => r.latencies);
    const roundRps = done.map((r) => r.ok / r.seconds);
    const answers = done.reduce((sum, r) => sum + r.ok + r.failures, 0);
    const perAnswer = (cpu: number): number => cpu / Math.max(1, answers);
    const idpCpu = done.reduce((sum, r) => sum + r.idpCpu, 0);
    return {
      id: target.id,
      rps: median(roundRps),
      roundRps,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      meanMs: latencies.reduce((sum, v) => sum + v, 0) / Math.max(1, latencies.length),
      requests: done.reduce((sum, r) => sum + r.ok, 0),
      failures: done.reduce((sum, r) => sum + r.failures, 0),
      serverCpuUs: perAnswer(done.reduce((sum, r) => sum + r.serverCpu, 0)),
      roundServerCpuUs: done.map((r) => r.serverCpu / Math.max(1, r.ok + r.failures)),
      serverCores:
        done.reduce((sum, r) => sum + r.serverCpu, 0) /
        1e6 /
        Math.max(
          1e-9,
          done.reduce((sum, r) => sum + r.seconds, 0),
        ),
      ...(target.idpCpu ? { idpCpuUs: perAnswer(idpCpu) } : {}),
    };
  });
}

/** Outside the measured time: what a browser's cookie jar would hold now (see `storesCookies`). */
async function storeSetCookies(target: LoadTarget, roundMs: number): Promise<void> {
  if (!target.storesCookies) return;
  if (target.cookie !== undefined) {
    if (target.recheckMs !== undefined && target.cookieSetAt !== undefined) {
      const due = target.cookieSetAt + target.recheckMs;
      // A second to spare: the round's own start, and the clock's between two processes.
      if (Date.now() + roundMs + 1_000 >= due) await sleep(Math.max(0, due - Date.now()) + 100);
    }
    const header = await afterOneRequest(target.url, target.cookie);
    if (header !== target.cookie) target.cookieSetAt = Date.now();
    target.cookie = header;
  }
  if (target.cookies !== undefined) {
    const next = [...target.cookies];
    for (let i = 0; i < next.length; i += 16) {
      await Promise.all(
        next.slice(i, i + 16).map(async (cookie, j) => {
          next[i + j] = await afterOneRequest(target.url, cookie);
        }),
      );
    }
    target.cookies = next;
  }
}

/** The Cookie header after one request with `header`, its Set-Cookie lines applied. */
async function afterOneRequest(url: string, header: string): Promise<string> {
  const answer = await fetch(url, { headers: { cookie: header } });
  await answer.arrayBuffer();
  return applySetCookies(header, answer.headers.getSetCookie());
}
