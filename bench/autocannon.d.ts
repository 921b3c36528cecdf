// autocannon ships no types; this declares the part of its API the benchmarks use.
declare module "autocannon" {
  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    /** Milliseconds between samples; a run stops only on a sample tick. */
    sampleInt?: number;
    pipelining?: number;
    timeout?: number;
    headers?: Record<string, string>;
    /** Called before every request when given: may change it (here, the cookie). */
    requests?: {
      setupRequest?: (request: { headers?: Record<string, string> }) => {
        headers?: Record<string, string>;
      };
    }[];
  }
  interface Result {
    requests: Histogram & { sent: number };
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
  }
  interface Instance {
    /** Every answer, with its time in milliseconds (fractional, from process.hrtime). */
    on(
      event: "response",
      listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
    ): Instance;
    stop(): void;
  }
  function autocannon(
    options: Options,
    done: (error: Error | null, result: Result) => void,
  ): Instance;
  export default autocannon;
  export type { Options, Result };
}
