/**
 * `npm ci` prints no install-script warning: every package of the lock that has install scripts
 * is approved or denied in package.json's `allowScripts` (npm 11), each decision has its reason in
 * `//allowScripts`, and each denied package works without its script. A dependency update that
 * brings a new package with scripts fails here before it reaches a user's `npm ci`.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  allowScripts?: Record<string, boolean>;
  "//allowScripts"?: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { name?: string; version?: string; hasInstallScript?: boolean }>;
};
const allowScripts = manifest.allowScripts ?? {};
const reasons = manifest["//allowScripts"] ?? {};

/** Every package of the lock with install scripts, on any platform, as `name@version`. */
const withScripts = Object.entries(lock.packages)
  .filter(([path, entry]) => path !== "" && entry.hasInstallScript)
  .map(([path, entry]) => ({
    // An alias (`"x": "npm:esbuild@0.27.2"`) is locked under its alias with the real name beside.
    name: entry.name ?? path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length),
    version: entry.version ?? "",
  }));

/** `name`, `name@1.2.3` or `name@1.2.3 || 1.2.4`, as npm reads an allowScripts key. */
function parseKey(key: string): { name: string; versions?: string[] } {
  const at = key.indexOf("@", 1);
  if (at < 0) return { name: key };
  return {
    name: key.slice(0, at),
    versions: key
      .slice(at + 1)
      .split("||")
      .map((v) => v.trim()),
  };
}
const covers = (key: string, pkg: { name: string; version: string }) => {
  const { name, versions } = parseKey(key);
  return name === pkg.name && (versions === undefined || versions.includes(pkg.version));
};

describe("install scripts", () => {
  it("the lock has packages with install scripts (or this test checks nothing)", () => {
    expect(withScripts.length).toBeGreaterThan(0);
  });

  it.each(withScripts)("$name@$version is approved or denied in allowScripts", (pkg) => {
    const keys = Object.keys(allowScripts).filter((key) => covers(key, pkg));
    expect(keys, `add "${pkg.name}" to allowScripts and its reason to //allowScripts`).not.toEqual(
      [],
    );
  });

  it("every allowScripts entry is name-only (the lock has no resolved URLs to pin against) and still used", () => {
    for (const key of Object.keys(allowScripts)) {
      expect(parseKey(key).versions, key).toBeUndefined();
      expect(
        withScripts.some((pkg) => covers(key, pkg)),
        `${key} matches no package with install scripts: remove it (npm install-scripts prune)`,
      ).toBe(true);
    }
  });

  it("every decision has its reason, and every reason its decision", () => {
    const explained = Object.keys(reasons).filter((key) => !key.startsWith("//"));
    expect(explained.sort()).toEqual(Object.keys(allowScripts).sort());
    for (const [key, allowed] of Object.entries(allowScripts)) {
      expect(reasons[key], key).toMatch(allowed ? /^approved: .{20,}/ : /^denied: .{20,}/);
    }
  });

  it("npm itself finds nothing unreviewed in the installed tree", () => {
    const result = spawnSync("npm", ["install-scripts", "ls", "--json"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ allowScripts: [] });
  });
});

/**
 * Each denied package, run from a copy of its package as the registry ships it (no postinstall
 * ran) beside the installed platform packages it looks for. A new denial needs its probe here.
 */
const probes: Record<
  string,
  { files: string[]; platformScope: string; run: (dir: string) => string[] }
> = {
  // Built apart by `npm run rehearse:setup`: without the addon, what uses it says so in one line.
  "aws-lambda-ric": {
    files: ["package.json", "index.mjs"],
    platformScope: "@aws",
    run: (dir) => [
      "--input-type=module",
      "-e",
      `const { runtimeClientProblem } = await import(${JSON.stringify(join(ROOT, "tests", "rehearsal", "runtime-client.ts"))});
const problem = runtimeClientProblem(${JSON.stringify(join(dir, "aws-lambda-ric"))});
if (!problem?.includes("npm run rehearse:setup") || problem.includes("\\n")) process.exit(1);
console.log(problem);`,
    ],
  },
  deno: {
    files: ["package.json", "bin.cjs", "install_api.cjs"],
    platformScope: "@deno",
    run: (dir) => [join(dir, "deno", "bin.cjs"), "--version"],
  },
  workerd: {
    files: ["package.json", "lib"],
    platformScope: "@cloudflare",
    run: (dir) => [
      "-e",
      `console.log(require("node:child_process").execFileSync(require(${JSON.stringify(join(dir, "workerd"))}).default, ["--version"], { encoding: "utf8" }))`,
    ],
  },
  esbuild: {
    files: ["package.json", "lib"],
    platformScope: "@esbuild",
    run: (dir) => [
      "-e",
      `const out = require(${JSON.stringify(join(dir, "esbuild"))}).transformSync("const a: number = 1", { loader: "ts" }); console.log(out.code)`,
    ],
  },
};
const denied = Object.entries(allowScripts)
  .filter(([, allowed]) => !allowed)
  .map(([key]) => parseKey(key).name);

describe("denied install scripts are not needed", () => {
  const scratch = join(ROOT, "node_modules", ".cache", "allow-scripts-test");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(denied)("%s works without its install script", (name) => {
    const probe = probes[name];
    expect(probe, `add a probe for ${name} to this file`).toBeDefined();
    if (!probe) return;
    // node_modules/<name> without what the script would have done, next to the real platform
    // packages (the same file system, so deno's launcher can hard-link its binary as it does).
    const dir = join(scratch, name, "node_modules");
    rmSync(join(scratch, name), { recursive: true, force: true });
    mkdirSync(join(dir, name), { recursive: true });
    for (const file of probe.files) {
      cpSync(join(ROOT, "node_modules", name, file), join(dir, name, file), { recursive: true });
    }
    symlinkSync(join(ROOT, "node_modules", probe.platformScope), join(dir, probe.platformScope));
    const result = spawnSync(process.execPath, probe.run(dir), {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", ESBUILD_BINARY_PATH: "" },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(
      /^(deno \d|const a = 1;|workerd \d|aws-lambda-ric's native addon is not built: run npm run rehearse:setup)/,
    );
  });
});
