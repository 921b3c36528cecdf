/**
 * How the dashboard function is built and run, written down instead of left to defaults.
 *
 * `infra/dashboard.ts` passes these to `sst.aws.Function`; the infrastructure test, the rehearsal
 * (`npm run rehearse`) and the benchmark build the handler from the same object with SST 4.17.1's
 * Node builder repeated in tests/infra/sst-node-build.ts, so what they run and measure is the
 * bundle that ships. Pure data, no SST globals: the bench and the tests import it.
 *
 * - `minify`: SST 4.17's builder minifies only when this is passed (its docs say the default is
 *   true; its Go code does not): 1.4 MB instead of the measured bundle otherwise.
 * - no source maps, through `esbuild.sourcemap: false`, the one setting SST 4.17.1 honours for
 *   that: its builder writes linked maps even for `sourcemap: false` and then zips them (37 maps,
 *   2.5 MB, measured in issue 17), and with `sourcemap` unset it writes them, keeps them out of the
 *   zip, and uploads each to its bootstrap bucket on every deploy, retained for its Console, which
 *   this app does not use. Without maps the bundle has no dangling `sourceMappingURL` either; its
 *   builder keeps function names (`keepNames`), our errors carry stable codes, and under `sst dev`
 *   the code is not minified. The zip's file list is asserted in tests/infra/function-zip.test.ts.
 * - `splitting`: code only some routes need (discovery's signer; admin-only pages) loads from its
 *   own chunk on first use, off the cold path of a returning user.
 * - `arm64`: about 20% cheaper per GB-second than x86_64 on Lambda; the bench machine is x86_64,
 *   so no measurement here argues either way (docs/deploy.md).
 * - `nodejs24.x`: the current Node LTS that Lambda offers, the major CI and the local server run
 *   (`.node-version`).
 * - `memory`: SST's default, written down: Lambda gives a function CPU in proportion to it, so it
 *   sets the cold start and the per-request cost the bench's ratios stand for.
 */
export const DASHBOARD_FUNCTION = {
  handler: "packages/dashboard/src/lambda.handler",
  runtime: "nodejs24.x",
  architecture: "arm64",
  memory: "1024 MB",
  nodejs: {
    format: "esm",
    minify: true,
    splitting: true,
    esbuild: { sourcemap: false },
  },
} as const;

/**
 * The Lambda runtime's major Node version, for the bench's environment and checks.
 * @example runtimeNodeMajor() // 24
 */
export function runtimeNodeMajor(runtime: string = DASHBOARD_FUNCTION.runtime): number {
  const major = /^nodejs(\d+)\.x$/.exec(runtime)?.[1];
  if (!major) throw new Error(`not a Node.js Lambda runtime: ${runtime}`);
  return Number(major);
}

/**
 * The function's memory in MB (Lambda's `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, and what its bootstrap
 * sizes V8's heap from), read as SST reads its `Size` (`toMBs`: "MB", or "GB" times 1024).
 * @example functionMemoryMb() // 1024
 */
export function functionMemoryMb(memory: string = DASHBOARD_FUNCTION.memory): number {
  const match = /^(\d+(?:\.\d+)?) (MB|GB)$/.exec(memory);
  if (!match) throw new Error(`not a Lambda memory size: ${memory}`);
  return Number(match[1]) * (match[2] === "GB" ? 1024 : 1);
}
