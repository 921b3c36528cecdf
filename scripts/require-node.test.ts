/**
 * The wrong Node says so in one line: the guard under real Node 20 and 22 (from npm, see
 * other-node.ts), every npm script a user runs, and what `npm ci` itself does with
 * `engine-strict`. Skipped, saying why, where those Nodes cannot be installed, except in CI.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { otherNode } from "./other-node.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WANTED = Number(readFileSync(join(ROOT, ".node-version"), "utf8").trim());
const GUARD_PRELOAD = "node -r ./scripts/require-node.cjs ";
const GUARD_FIRST = "node scripts/require-node.cjs && ";
/** Scripts that run no project code and work on any Node. */
const UNGUARDED = new Set(["lint", "format"]);

interface Manifest {
  engines?: { node?: string };
  scripts?: Record<string, string>;
  workspaces?: string[];
}
const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;
const rootScripts = Object.entries(manifest(".").scripts ?? {}).filter(
  ([name]) => !UNGUARDED.has(name),
);

/** The one line, for Node `version` (e.g. "20.20.2"). */
const oneLine = (version: string) =>
  `This project needs Node ${WANTED} (.node-version) and this is Node ${version}: run \`nvm install ${WANTED}\`, \`fnm use --install-if-missing\` or \`volta install node@${WANTED}\`, then this command again.\n`;

/** Runs `command` with `node` (and npm's `#!/usr/bin/env node`) resolving to `binary`. */
function under(binary: string, command: string, args: string[], cwd = ROOT) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, PATH: `${dirname(binary)}:${process.env.PATH}`, NO_COLOR: "1" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("on Node 24", () => {
  it(".node-version and package.json's engines name the same major", () => {
    expect(WANTED).toBeGreaterThanOrEqual(24);
    expect(manifest(".").engines?.node).toBe(`>=${WANTED}`);
  });

  it("the guard is silent and lets the script run", () => {
    const result = under(process.execPath, process.execPath, [
      "-r",
      "./scripts/require-node.cjs",
      "-e",
      "console.log('ran')",
    ]);
    expect(result).toEqual({ status: 0, stdout: "ran\n", stderr: "" });
  });

  it("every npm script that runs project code loads the guard first", () => {
    for (const [name, command] of rootScripts) {
      expect(
        command.startsWith(GUARD_PRELOAD) || command.startsWith(GUARD_FIRST),
        `script "${name}": ${command}`,
      ).toBe(true);
    }
    for (const dir of manifest(".").workspaces ?? []) {
      const parent = dir.replace(/\/\*$/, "");
      const dirs = dir.endsWith("/*")
        ? readdirSync(join(ROOT, parent)).map((name) => join(parent, name))
        : [dir];
      for (const workspace of dirs) {
        const up = "../".repeat(workspace.split("/").length);
        for (const [name, command] of Object.entries(manifest(workspace).scripts ?? {})) {
          if (command.startsWith("cd .. && vitest")) continue; // the root's vitest, guarded there
          expect(
            command.startsWith(`node -r ${up}scripts/require-node.cjs `),
            `${workspace} script "${name}": ${command}`,
          ).toBe(true);
        }
      }
    }
  });
});

for (const major of [20, 22]) {
  const node = otherNode(major);
  const missing = typeof node === "string" ? undefined : node.reason;
  if (missing && !process.env.CI) {
    console.warn(`require-node.test.ts: Node ${major} tests skipped: ${missing}`);
  }

  describe.skipIf(missing !== undefined && !process.env.CI)(`on Node ${major}`, () => {
    const binary = () => {
      if (typeof node !== "string") throw new Error(node.reason);
      return node;
    };
    const version = () => under(binary(), binary(), ["--version"]).stdout.trim().slice(1);

    it("a .ts entry gets the one line and exit code 1 before any of its code runs", () => {
      expect(version()).toMatch(new RegExp(`^${major}\\.`));
      const result = under(binary(), binary(), [
        "-r",
        "./scripts/require-node.cjs",
        "scripts/start.ts",
      ]);
      expect(result).toEqual({ status: 1, stdout: "", stderr: oneLine(version()) });
    });

    it.each(rootScripts)("`npm run %s` prints the one line and exits non-zero", (name) => {
      const result = under(binary(), "npm", ["run", name]);
      expect(result.stderr).toBe(oneLine(version()));
      expect(result.status).not.toBe(0);
      // npm's own banner ("> name" and the command) is all that goes to stdout.
      for (const line of result.stdout.split("\n").filter(Boolean)) expect(line).toMatch(/^> /);
    });
  });
}

describe.skipIf(typeof otherNode(20) !== "string" && !process.env.CI)("npm ci on Node 20", () => {
  const scratch = mkdtempSync(join(tmpdir(), "require-node-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("stops before installing anything (engine-strict in .npmrc), naming the Node it needs", () => {
    const node = otherNode(20);
    if (typeof node !== "string") throw new Error(node.reason);
    // A copy of the manifests, so that an npm that did install would not touch this checkout.
    for (const file of ["package.json", "package-lock.json", ".npmrc"]) {
      cpSync(join(ROOT, file), join(scratch, file));
    }
    for (const dir of [
      "mock-idp",
      ...readdirSync(join(ROOT, "packages")).map((n) => `packages/${n}`),
    ]) {
      mkdirSync(join(scratch, dir), { recursive: true });
      cpSync(join(ROOT, dir, "package.json"), join(scratch, dir, "package.json"));
    }
    const result = under(node, "npm", ["ci", "--offline"], scratch);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("EBADENGINE");
    expect(result.stderr).toContain(`Required: {"node":">=${WANTED}"}`);
    expect(readdirSync(scratch)).not.toContain("node_modules");
  });
});
