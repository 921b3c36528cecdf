import type { ColdStartResult } from "./cold-start/measure.ts";
import type { RuntimeClientColdStarts } from "./cold-start/runtime-client.ts";
import type { LoginResults, OverheadResult } from "./http-benchmarks.ts";
import type { InProcessResult } from "./in-process.ts";
import type { MachineInfo } from "./machine.ts";
import type { MockStartResult } from "./mock-idp-start.ts";
import type { Pinning } from "./pinning.ts";
import type { ProcMemory } from "./proc-memory.ts";
import type { BenchSettings } from "./settings.ts";
import type { TargetCheck } from "./targets.ts";

/** Everything one run measured: written as `bench/results.json`, rendered as BENCHMARKS.md. */
export interface BenchResults {
  /** ISO time the run started. */
  date: string;
  seconds: number;
  machine: MachineInfo;
  /** 1-minute load average when the run ended. */
  loadAverageAtEnd: number;
  settings: BenchSettings;
  overhead: OverheadResult[];
  /** Where the load generator and the servers ran (absent in results from before it was recorded). */
  pinning?: Pinning;
  inProcess: InProcessResult;
  coldStart: ColdStartResult[];
  /** The same cold starts under AWS's runtime client, behind a Function URL front. */
  coldStartRuntimeClient?: RuntimeClientColdStarts;
  logins: LoginResults;
  mockIdp: {
    start: MockStartResult[];
    /** The bench's mock IdP after serving every login and userInfo call of the run. */
    memoryAfterRun?: ProcMemory;
  };
  targets: TargetCheck[];
}
