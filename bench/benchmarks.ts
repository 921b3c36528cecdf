import { loadavg } from "node:os";
import { measureColdStarts } from "./cold-start/measure.ts";
import { measureRuntimeClientColdStarts } from "./cold-start/runtime-client.ts";
import { runHttpBenchmarks } from "./http-benchmarks.ts";
import { measureInProcess } from "./in-process.ts";
import { describeMachine } from "./machine.ts";
import { measureMockStart } from "./mock-idp-start.ts";
import type { BenchResults } from "./results.ts";
import type { BenchSettings } from "./settings.ts";
import { checkTargets } from "./targets.ts";

/**
 * Runs every benchmark, one after another (never two at once: they would measure each other), and
 * checks the targets.
 * @example const results = await runBenchmarks(FULL, console.error)
 */
export async function runBenchmarks(
  settings: BenchSettings,
  log: (line: string) => void,
): Promise<BenchResults> {
  const started = new Date();
  const t0 = performance.now();
  const machine = describeMachine();

  log("1+3. request overhead and full logins");
  const http = await runHttpBenchmarks(settings, log);

  log("2. the middleware's CPU per request, in process");
  const inProcess = await measureInProcess(settings.inProcess, log);

  log("3. cold starts");
  const coldStart = await measureColdStarts(settings.coldStart, log, {
    sdkForScale: !settings.smoke,
  });

  log("3b. cold starts under the runtime client");
  const coldStartRuntimeClient = await measureRuntimeClientColdStarts(
    settings.runtimeClientColdStart,
    log,
  );

  log("4. mock IdP start");
  // The smoke run times the command npm runs, not npm itself: the same code, seconds less.
  const commands = settings.smoke
    ? [["node", "mock-idp/src/cli.ts"]]
    : [
        ["npm", "run", "mock-idp"],
        ["node", "mock-idp/src/cli.ts"],
      ];
  const mockStart = [];
  for (const command of commands) {
    mockStart.push(await measureMockStart(command, settings.mockIdpStart.samples));
  }
  for (const m of mockStart) log(`  ${m.command}: median ${m.medianMs.toFixed(0)} ms`);

  const results: BenchResults = {
    date: started.toISOString(),
    seconds: (performance.now() - t0) / 1000,
    machine,
    loadAverageAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    settings,
    overhead: http.overhead,
    pinning: http.pinning,
    inProcess,
    coldStart,
    coldStartRuntimeClient,
    logins: http.logins,
    mockIdp: http.mockMemory
      ? { start: mockStart, memoryAfterRun: http.mockMemory }
      : { start: mockStart },
    targets: checkTargets({
      overhead: http.overhead,
      inProcess,
      coldStart,
      logins: http.logins,
      mockStart,
    }),
  };
  return results;
}
