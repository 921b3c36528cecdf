import { OPENED_CACHE_SIZE } from "@cognito-dashboard/cognito-auth";

/**
 * How long and how hard each benchmark runs. One set of numbers for every scenario of a kind, so
 * the ratios between scenarios compare like with like.
 */
export interface BenchSettings {
  /** True for the smoke run: everything tiny, only proves the harness still works. */
  smoke: boolean;
  load: {
    /** Concurrent keep-alive connections autocannon holds open. */
    connections: number;
    /** Seconds of load per round, after the warm-up. */
    durationSeconds: number;
    /** Seconds of load before each scenario's first round, not measured (JIT, caches, pools). */
    warmupSeconds: number;
    /** Rounds per scenario, interleaved a b c d a b c d, so drift hits every scenario alike. */
    rounds: number;
    /**
     * Sessions (real logins) that (b-miss) sends in turn. More than the middleware keeps opened
     * (1,000 when this was written), so that in round robin every request is a cache miss.
     */
    distinctSessions: number;
  };
  coldStart: {
    /** Measured processes per bundle (the issue asks for at least 10). */
    samples: number;
    /** Unmeasured processes per bundle first, so the file cache is warm for both. */
    warmupSamples: number;
  };
  login: {
    /** Logins one after another. */
    sequential: number;
    /** Logins in flight at once. */
    concurrency: number;
    /** Logins in total in the concurrent run. */
    concurrentTotal: number;
  };
  mockIdpStart: {
    /** Fresh mock IdP processes to time. */
    samples: number;
  };
}

/** The full run: about three and a half minutes on a 2-core machine (the issue allows five). */
export const FULL: BenchSettings = {
  smoke: false,
  load: {
    connections: 10,
    durationSeconds: 5,
    warmupSeconds: 2,
    rounds: 4,
    // More sessions than the middleware caches, so that every request of (b-miss) decrypts.
    distinctSessions: Math.ceil(OPENED_CACHE_SIZE * 1.2),
  },
  coldStart: { samples: 15, warmupSamples: 2 },
  login: { sequential: 100, concurrency: 20, concurrentTotal: 200 },
  mockIdpStart: { samples: 5 },
};

/** The smoke run: every code path once, in seconds. Its numbers mean nothing. */
export const SMOKE: BenchSettings = {
  smoke: true,
  load: { connections: 2, durationSeconds: 1, warmupSeconds: 0, rounds: 1, distinctSessions: 5 },
  coldStart: { samples: 2, warmupSamples: 0 },
  login: { sequential: 3, concurrency: 4, concurrentTotal: 8 },
  mockIdpStart: { samples: 1 },
};
