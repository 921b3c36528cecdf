/**
 * The reference documents the whole public API: every export of both entry points (values and
 * types), every option of `cognitoAuth()` and every error code. A new one without its line fails.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "./errors.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const reference = readFileSync(join(root, "docs", "reference.md"), "utf8");
const source = (file: string) => readFileSync(join(root, "src", file), "utf8");

/** The names an entry point exports, values and types, from its source. */
function exportedNames(file: string): string[] {
  const names: string[] = [];
  for (const [, list] of source(file).matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const item of (list ?? "").split(",")) {
      const name = item.trim().replace(/^type /, "");
      if (name) names.push(name);
    }
  }
  return names;
}

/** The keys of an interface in options.ts. */
function keysOf(name: string): string[] {
  const body = source("options.ts").split(`export interface ${name} {`)[1]?.split("\n}")[0];
  return [...(body ?? "").matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1] as string);
}

describe("docs/reference.md", () => {
  it.each(["index.ts", "testing/index.ts"])("names every export of %s", (file) => {
    const names = exportedNames(file);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(reference, name).toContain(`\`${name}`);
  });

  it("has every option, with the nested routes and cookies", () => {
    const options = [
      // `routes` and `cookies` have a row per key.
      ...keysOf("CognitoAuthOptions").filter((key) => key !== "routes" && key !== "cookies"),
      "clientSettings",
      "clientBinding",
      ...keysOf("CognitoAuthRoutes").map((key) => `routes.${key}`),
      ...keysOf("CognitoAuthCookies").map((key) => `cookies.${key}`),
    ];
    expect(options).toContain("publicPaths");
    for (const option of options) expect(reference, option).toMatch(`| \`${option}\``);
  });

  it("has every error code with its status", () => {
    for (const [code, [status]] of Object.entries(ERROR_CODES)) {
      expect(reference, code).toMatch(new RegExp(`\\| \`${code}\` +\\| ${status} `));
    }
  });
});
