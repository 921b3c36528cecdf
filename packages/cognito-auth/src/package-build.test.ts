/**
 * The package as published: `npm run build` gives ESM JavaScript with `.d.ts` files for import
 * and `.d.cts` files for require(), importable by plain Node (no TypeScript, no vitest). What
 * `npm pack` makes of it, installed and run on each runtime, is tests/consumers.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

/** Bun and Deno (runtimes.test.ts) run this suite too; the build is made and loaded by Node. */
const onNode = !("Bun" in globalThis) && !("Deno" in globalThis);

describe("the published build", () => {
  it.skipIf(!onNode)("is ESM with types for import and require, and loads in plain Node", () => {
    execFileSync(process.execPath, [join(root, "scripts", "build.ts")], { stdio: "pipe" });
    for (const entry of ["index", "testing/index"]) {
      for (const suffix of [".js", ".d.ts", ".d.cts"]) {
        expect(existsSync(join(dist, `${entry}${suffix}`)), `${entry}${suffix}`).toBe(true);
      }
    }
    const files = readdirSync(dist, { recursive: true }).map(String);
    expect(files.filter((file) => /\.test\.|bun-|\.readme-example/.test(file))).toEqual([]);
    // The require() types point at each other, never at the import ones.
    const requireTypes = readFileSync(join(dist, "index.d.cts"), "utf8");
    expect(requireTypes).toMatch(/from "\.\/cognito-auth\.cjs"/);
    expect(requireTypes).not.toMatch(/from "\.\/[^"]+\.(js|ts)"/);
    const types = readFileSync(join(dist, "index.d.ts"), "utf8");
    for (const name of ["cognitoAuth", "CognitoAuthVariables", "CognitoAuthOptionError"]) {
      expect(types).toContain(name);
    }
    const names = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", 'console.log(Object.keys(await import("./index.js")).join())'],
      { cwd: dist, encoding: "utf8" },
    );
    expect(names.trim().split(",")).toEqual(
      expect.arrayContaining(["cognitoAuth", "requireAuth", "requireGroup", "CognitoAuthError"]),
    );
  });

  it("uses no Node global the other runtimes lack: Buffer only through node:buffer", () => {
    const sources = readdirSync(join(root, "src")).filter(
      (file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.startsWith("."),
    );
    for (const file of sources) {
      // Code only: the doc comments' examples may show an app's process.env.
      const text = readFileSync(join(root, "src", file), "utf8")
        .split("\n")
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join("\n");
      if (/\bBuffer\b/.test(text)) expect(text, file).toContain('from "node:buffer"');
      expect(text, file).not.toMatch(/\bprocess\.|__dirname|require\(/);
    }
  });
});
