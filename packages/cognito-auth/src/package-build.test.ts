/**
 * The package as published: `npm run build` gives ESM JavaScript with `.d.ts` files and a
 * package.json whose exports point at them, importable by plain Node (no TypeScript, no vitest).
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
  it.skipIf(!onNode)("is ESM with types, exports the public API, and loads in plain Node", () => {
    execFileSync(process.execPath, [join(root, "scripts", "build.ts")], { stdio: "pipe" });
    const manifest = JSON.parse(readFileSync(join(dist, "package.json"), "utf8"));
    expect(manifest.exports).toEqual({ ".": { types: "./index.d.ts", import: "./index.js" } });
    expect(manifest.peerDependencies).toHaveProperty("hono");
    expect(manifest.dependencies).not.toHaveProperty("hono");
    expect(manifest.license).toBe("MIT");
    for (const file of ["index.d.ts", "README.md", "LICENSE", "CHANGELOG.md"]) {
      expect(existsSync(join(dist, file)), file).toBe(true);
    }
    expect(readdirSync(dist).some((file) => file.includes(".test."))).toBe(false);
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
