/**
 * How the dashboard function is built and run, written down instead of left to defaults.
 *
 * `infra/dashboard.ts` passes these to `sst.aws.Function`, and the benchmark builds the handler
 * from the same object (through the stand-in of SST's Node builder in
 * tests/infra/sst-node-build.ts), so BENCHMARKS.md measures the bundle that ships. Pure data, no
 * SST globals: the bench and the tests import it.
 *
 * - `minify`: SST 4.17's builder minifies only when this is passed (its docs say the default is
 *   true; its Go code does not): 1.4 MB instead of the measured bundle otherwise.
 * - `sourcemap: false`: SST keeps maps out of the zip either way (it uploads them for its Console
 *   only), so in CloudWatch they would change nothing; its builder keeps function names
 *   (`keepNames`), and our errors carry stable codes.
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
    sourcemap: false,
    splitting: true,
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
