import autocannon from "autocannon";
import type { BenchSettings } from "./settings.ts";
import { median, percentile } from "./stats.ts";

/** One thing to put under load: a URL and the cookie that gets it a 200. */
export interface LoadTarget {
  id: string;
  url: string;
  cookie?: string;
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
}

interface Round {
  ok: number;
  failures: number;
  seconds: number;
  latencies: number[];
}

function runOnce(target: LoadTarget, connections: number, seconds: number): Promise<Round> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        connections,
        duration: seconds,
        headers: target.cookie ? { cookie: target.cookie } : {},
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          ok: result["2xx"],
          failures: result.non2xx + result.errors + result.timeouts,
          seconds: result.duration,
          latencies,
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
  if (settings.warmupSeconds > 0) {
    for (const target of targets) {
      await runOnce(target, settings.connections, settings.warmupSeconds);
    }
  }
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of targets) {
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
    return {
      id: target.id,
      rps: median(roundRps),
      roundRps,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      meanMs: latencies.reduce((sum, v) => sum + v, 0) / Math.max(1, latencies.length),
      requests: done.reduce((sum, r) => sum + r.ok, 0),
      failures: done.reduce((sum, r) => sum + r.failures, 0),
    };
  });
}
