import { mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBenchmarks } from "./benchmarks.ts";
import { renderReadmeSummary, replaceSummary } from "./readme-summary.ts";
import { renderMarkdown, renderSummary } from "./report.ts";
import type { BenchResults } from "./results.ts";
import { FULL, SMOKE } from "./settings.ts";
import { checkTargets } from "./targets.ts";

// `npm run bench`: the full run prints the tables and writes bench/results.json and
// BENCHMARKS.md. BENCH_SMOKE=1 (or --smoke) makes everything tiny and writes nothing, unless
// --out <dir> says where (results.json and BENCHMARKS.md in that directory). A full run written
// to the repository also rewrites the README's summary (between its bench-summary markers).
const args = process.argv.slice(2);
const smoke = process.env.BENCH_SMOKE === "1" || args.includes("--smoke");
const outIndex = args.indexOf("--out");
const root = fileURLToPath(new URL("..", import.meta.url));
const out =
  outIndex >= 0
    ? { dir: args[outIndex + 1] as string, json: "results.json", markdown: "BENCHMARKS.md" }
    : smoke
      ? undefined
      : { dir: root, json: "bench/results.json", markdown: "BENCHMARKS.md" };

const cores = cpus().length;
const load = loadavg()[0] ?? 0;
if (!smoke && !args.includes("--from") && load > cores) {
  console.error(
    `warning: load average ${load.toFixed(1)} on ${cores} cores: other work is running, the numbers will be noisy (BENCHMARKS.md says so too)`,
  );
}
// --from <results.json>: no measuring, only the targets and the report again from saved numbers
// (after a change to the report's wording).
const fromIndex = args.indexOf("--from");
const results: BenchResults =
  fromIndex >= 0
    ? rechecked(JSON.parse(await readFile(args[fromIndex + 1] as string, "utf8")) as BenchResults)
    : await runBenchmarks(smoke ? SMOKE : FULL, (line) => console.error(line));
console.log(renderSummary(results));
if (out) {
  await mkdir(out.dir, { recursive: true });
  await writeFile(join(out.dir, out.json), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(out.dir, out.markdown), renderMarkdown(results));
  console.error(`wrote ${join(out.dir, out.json)} and ${join(out.dir, out.markdown)}`);
  // The README's summary too, but only from a full run written where the README is.
  if (!results.settings.smoke && out.dir === root) {
    const readme = join(root, "README.md");
    await writeFile(
      readme,
      replaceSummary(await readFile(readme, "utf8"), renderReadmeSummary(results)),
    );
    console.error(`rewrote the benchmark summary in ${readme}`);
  }
}

function rechecked(saved: BenchResults): BenchResults {
  return {
    ...saved,
    targets: checkTargets({
      overhead: saved.overhead,
      inProcess: saved.inProcess,
      coldStart: saved.coldStart,
      logins: saved.logins,
      mockStart: saved.mockIdp.start,
    }),
  };
}
