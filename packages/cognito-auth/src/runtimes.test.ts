/**
 * The unit suite of this package under Bun and Deno, from their npm packages (root
 * devDependencies): Deno runs it with vitest itself, Bun with `bun test` (which maps `vitest`
 * imports to bun:test; src/testing/bun-vitest-shim.ts fills in the clock and global stubs).
 * Skipped, saying so, when a runtime is not installed; never run from inside such a run.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(packageRoot, "..", "..");
const NESTED = "COGNITO_AUTH_RUNTIME_RUN";
const nested = process.env[NESTED] !== undefined;

/** The runtime's binary when it is installed and runs (bun's needs its postinstall script). */
function binary(name: string): string | undefined {
  const path = join(repoRoot, "node_modules", ".bin", name);
  if (existsSync(path) && spawnSync(path, ["--version"], { timeout: 30_000 }).status === 0) {
    return path;
  }
  console.warn(`runtimes.test.ts: ${name} is not installed or does not run (npm ci): skipped`);
  return undefined;
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: 240_000,
    env: { ...process.env, [NESTED]: "1", DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", CI: "1" },
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe.skipIf(nested)("the unit suite on other runtimes", () => {
  const deno = binary("deno");
  it.skipIf(deno === undefined)(
    "passes under Deno",
    () => {
      const vitest = join(repoRoot, "node_modules", "vitest", "vitest.mjs");
      const { status, output } = run(
        deno as string,
        ["run", "-A", vitest, "run", "packages/cognito-auth"],
        repoRoot,
      );
      expect(output).toMatch(/Tests\s+\d+ passed/);
      expect(status, output.slice(-3000)).toBe(0);
    },
    300_000,
  );

  const bun = binary("bun");
  it.skipIf(bun === undefined)(
    "passes under Bun",
    () => {
      const { status, output } = run(
        bun as string,
        ["test", "--preload", "./src/testing/bun-vitest-shim.ts", "src/"],
        packageRoot,
      );
      expect(output).toMatch(/\b0 fail\b/);
      expect(status, output.slice(-3000)).toBe(0);
    },
    300_000,
  );
});
