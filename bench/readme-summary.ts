import { vsBareAddedMs, vsBareRatio } from "./cold-start/measure.ts";
import type { BenchResults } from "./results.ts";
import { pairedRatio } from "./stats.ts";
import { kb, ms, range, signedMs } from "./targets.ts";

/** The README's benchmark summary lies between these lines; `npm run bench` rewrites it. */
export const SUMMARY_START = "<!-- bench-summary:start (written by npm run bench) -->";
export const SUMMARY_END = "<!-- bench-summary:end -->";

/**
 * The README's summary of a run: a few sentences, every figure from `results`, each target's
 * verdict as BENCHMARKS.md states it.
 * @example renderReadmeSummary(results) // "From the run of 2026-12-07 ..."
 */
export function renderReadmeSummary(results: BenchResults): string {
  const m = results.machine;
  const by = (id: string) => results.overhead.find((r) => r.id === id);
  const inProcess = (id: string) => results.inProcess.variants.find((v) => v.id === id);
  const verdict = (prefix: string) => {
    const target = results.targets.find((t) => t.target.startsWith(prefix));
    return target === undefined ? "not checked" : target.met ? "met" : "missed";
  };
  const lines = [
    `From the run of ${results.date.slice(0, 10)} (${m.cores} cores, ${m.cpuModel}, Node ${m.node}; load average ${m.loadAverage} at the start and ${results.loadAverageAtEnd} at the end, ${results.pinning?.description ?? "pinning not recorded"}; expect noise, read the ratios):`,
    "",
  ];
  const b = by("b");
  const e = by("e");
  if (b && e) {
    const cpu = pairedRatio(e.roundServerCpuUs ?? [], b.roundServerCpuUs ?? []);
    lines.push(
      `- Over HTTP, a signed-in request at the default session (${b.cookieBytes} bytes of cookies) costs the server ${b.serverCpuUs.toFixed(1)} µs of CPU against ${e.serverCpuUs.toFixed(1)} µs behind an empty async middleware sent the same cookie: ${cpu.toFixed(2)}x by server CPU, ${pairedRatio(b.roundRps, e.roundRps).toFixed(2)}x by req/s (rounds ${range(
        b.roundRps.map((v, i) => v / (e.roundRps[i] ?? Number.NaN)),
        2,
      )}); target 0.9x, ${verdict("over HTTP, (b) cache hit at the default session >= 0.9 x (e) an empty async middleware sent the same cookie, by req/s")} by req/s and ${verdict("over HTTP, (b) cache hit at the default session >= 0.9 x (e), by server CPU")} by CPU.${by("b-miss") && by("c") ? ` Every request a cache miss: ${pairedRatio(by("b-miss")?.roundRps ?? [], by("c")?.roundRps ?? []).toFixed(2)}x \`@hono/oidc-auth\`'s full check by req/s (target 1.3x, ${verdict("over HTTP, (b-miss)")}).` : ""}`,
    );
  }
  const hit = inProcess("hit-default");
  const miss = inProcess("miss-default");
  const floor = inProcess("floor-default");
  if (hit && miss) {
    const lean = [inProcess("hit-no-access"), inProcess("miss-no-access")];
    lines.push(
      `- In process, at the default session, the middleware adds ${hit.addedUs.toFixed(1)} µs of CPU on a cache hit (target 4 µs, ${verdict("middleware's added CPU per request, cache hit")}) and ${miss.addedUs.toFixed(1)} µs on a miss (target 20 µs, ${verdict("middleware's added CPU per request, cache miss")})${floor ? `; a middleware that only reads the Cookie header adds ${floor.addedUs.toFixed(1)} µs` : ""}.${lean[0] && lean[1] ? ` With \`keepAccessToken: false\` (${lean[0].cookieBytes} bytes, one cookie): ${lean[0].addedUs.toFixed(1)} and ${lean[1].addedUs.toFixed(1)} µs.` : ""}`,
    );
  }
  const bare = results.coldStart.find((r) => r.id === "bare");
  const returning = results.coldStart.find((r) => r.id === "returning");
  if (bare && returning) {
    lines.push(
      `- A returning user's request on a new container takes ${signedMs(vsBareAddedMs(returning, bare))} over a bare Hono handler (${vsBareRatio(returning, bare).toFixed(2)}x, the median of paired samples; Node's own start, ${ms(bare.medianBootMs)} of the bare handler's ${ms(bare.medianMs)}, is in both; target 1.25x, ${verdict("cold start of a returning user's request")}), with ${kb(returning.bundle.bytes)} of code on the cold path.`,
    );
  }
  lines.push(
    `- A full local login takes ${ms(results.logins.sequential.p50Ms)} at p50 (target 25 ms, ${verdict("full local login")}).`,
  );
  return lines.join("\n");
}

/**
 * `readme` with its summary between the markers replaced; unchanged when it has no markers.
 * @example replaceSummary(await readFile("README.md", "utf8"), renderReadmeSummary(results))
 */
export function replaceSummary(readme: string, summary: string): string {
  const start = readme.indexOf(SUMMARY_START);
  const end = readme.indexOf(SUMMARY_END);
  if (start < 0 || end < start) return readme;
  return `${readme.slice(0, start + SUMMARY_START.length)}\n${summary}\n${readme.slice(end)}`;
}
