/**
 * BENCHMARKS.md's section on cold starts under AWS's runtime client (runtime-client.ts), beside
 * the direct measure (measure.ts) for the same scenarios, each labelled with how it was taken.
 */
import { type ColdStartResult, vsBareRatio } from "./measure.ts";
import type { RuntimeClientColdStarts } from "./runtime-client.ts";

/**
 * The section, in Markdown, from a run's results.
 * @example renderRuntimeClientSection(results.coldStartRuntimeClient, results.coldStart)
 */
export function renderRuntimeClientSection(
  underClient: RuntimeClientColdStarts | undefined,
  direct: ColdStartResult[],
): string {
  const title = "### Cold start under the runtime client";
  if (!underClient) return `${title}\n\nNot measured in this run.`;
  if ("skipped" in underClient) return `${title}\n\nSkipped in this run: ${underClient.skipped}.`;
  const bareDirect = direct.find((d) => d.id === "bare");
  const rows = underClient.scenarios.map((s) => {
    const d = direct.find((r) => r.id === s.id);
    return [
      s.label,
      String(s.status),
      `${s.medianMs.toFixed(1)} ms`,
      s.medianRatio === undefined ? "1.00x" : `${s.medianRatio.toFixed(2)}x`,
      s.roundRatios?.map((r) => `${r.toFixed(2)}x`).join(", ") ?? "",
      d ? `${d.medianMs.toFixed(1)} ms` : "n/a",
      d && bareDirect ? `${vsBareRatio(d, bareDirect).toFixed(2)}x` : "n/a",
    ];
  });
  const header = [
    "scenario",
    "status",
    "under the runtime client: median",
    "vs bare (median of pairs)",
    "per round",
    "direct: median",
    "direct: vs bare",
  ];
  const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`);
  return `${title}

Each handler built as \`sst deploy\` builds it, run as Lambda runs it: under AWS's runtime interface client (\`aws-lambda-ric\`) polling an emulated Runtime API, behind a Function URL front (payload 2.0), from its task root with \`resource.enc\` beside it (tests/rehearsal). Each sample is one request that finds no environment, timed at the client from the request to the answer: the environment's spawn, the runtime client's start, the handler's import, the event through the front. The bare handler and the dashboard's scenarios take turns (${underClient.pairsPerRound} pairs per round, ${underClient.rounds} rounds, after one unmeasured cold start each); "vs bare" is the median of each dashboard sample's ratio to the bare sample of its pair. "direct" is section 3's measure of the same scenario (a fresh \`node\` that imports the bundle and calls the handler once), for comparison: it leaves out the runtime client and the front.

${table.join("\n")}`;
}
