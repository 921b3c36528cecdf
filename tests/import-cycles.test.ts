/**
 * No import cycle anywhere in the tree: a type two files share lives in a third. dpdm reads the
 * real import graph (static imports, `import type` and dynamic `import()` alike) with its own
 * TypeScript parser.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCircular, parseDependencyTree } from "dpdm";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Every source file of the repository: product code, scripts, bench and tests. */
const SOURCES = [
  "packages/*/src/**/*.{ts,tsx}",
  "mock-idp/src/**/*.ts",
  "infra/**/*.ts",
  "sst.config.ts",
  "scripts/**/*.ts",
  "bench/**/*.ts",
  "tests/**/*.ts",
];

/** The import cycles among `patterns` under `context`, each as "a.ts -> b.ts -> ...". */
async function importCycles(context: string, patterns: string[]): Promise<string[]> {
  const tree = await parseDependencyTree(patterns, {
    context,
    cwd: context,
    // Types count: a cycle through `import type` is a cycle all the same.
    transform: false,
    skipDynamicImports: false,
    extensions: [".ts", ".tsx", ".js", ".mjs"],
    exclude: /node_modules|\.sst/,
  });
  expect(Object.keys(tree).length).toBeGreaterThan(0);
  return parseCircular(tree).map((cycle) => cycle.join(" -> "));
}

describe("import cycles", () => {
  it("none in the repository", async () => {
    expect(await importCycles(root, SOURCES)).toEqual([]);
  });

  it("a type-only cycle and one through import() are found", async () => {
    const dir = mkdtempSync(join(tmpdir(), "import-cycles-"));
    try {
      writeFileSync(join(dir, "a.ts"), 'import type { B } from "./b.ts";\nexport type A = B[];\n');
      writeFileSync(join(dir, "b.ts"), 'import type { A } from "./a.ts";\nexport type B = A;\n');
      writeFileSync(join(dir, "c.ts"), 'export const c = () => import("./d.ts");\n');
      writeFileSync(join(dir, "d.ts"), 'import { c } from "./c.ts";\nexport const d = c;\n');
      const found = await importCycles(dir, ["*.ts"]);
      // Which file a cycle starts from depends on the order the files were read in.
      const members = found.map((cycle) => cycle.split(" -> ").sort().join(" "));
      expect(members.sort()).toEqual(["a.ts b.ts", "c.ts d.ts"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
