/**
 * Makes sure `.sst/platform` exists and matches the installed `sst` version.
 *
 * `sst.config.ts` and `infra/` are type-checked against, and the infrastructure test runs them on,
 * SST's platform source and types, which `sst install` writes to `.sst/platform`. The directory is
 * generated (about 300 MB, npm only, no AWS and no Pulumi CLI) and ignored by git, so a clean clone
 * has none: `npm run typecheck` creates it, and the infrastructure test's global setup creates it
 * again if it is missing. Run directly: `node scripts/sst-platform.ts`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Where `sst install` writes the platform for this repository. */
export const PLATFORM_DIR = join(ROOT, ".sst", "platform");

/**
 * Generates `.sst/platform` unless it is already there for the installed sst version.
 * @example const platform = ensureSstPlatform(); // "/repo/.sst/platform"
 */
export function ensureSstPlatform(log: (line: string) => void = console.log): string {
  const wanted = installedSstVersion();
  const found = platformVersion();
  if (found === wanted && existsSync(join(PLATFORM_DIR, "config.d.ts"))) return PLATFORM_DIR;

  log(
    found
      ? `sst-platform: .sst/platform is for sst ${found}, sst ${wanted} is installed; regenerating`
      : `sst-platform: generating .sst/platform for sst ${wanted} (npm only, about a minute)`,
  );
  // The SST CLI would otherwise look for Bun, check its own dependencies, ask for a stage and
  // send telemetry; none of that is wanted offline or in CI. `install` never touches AWS.
  execFileSync(join(ROOT, "node_modules", ".bin", "sst"), ["install"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      SST_STAGE: process.env.SST_STAGE ?? "ci",
      SST_SKIP_DEPENDENCY_CHECK: "1",
      NO_BUN: "1",
      SST_TELEMETRY_DISABLED: "1",
    },
  });
  const made = platformVersion();
  if (made !== wanted) {
    throw new Error(
      `sst install finished but .sst/platform reports version ${made ?? "none"}, expected ${wanted}`,
    );
  }
  return PLATFORM_DIR;
}

function installedSstVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, "node_modules", "sst", "package.json"), "utf8"));
  return String(pkg.version);
}

function platformVersion(): string | undefined {
  const file = join(PLATFORM_DIR, "version");
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  ensureSstPlatform();
}
