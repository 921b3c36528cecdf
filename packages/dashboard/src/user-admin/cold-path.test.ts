/**
 * User administration stays off the cold path: bundled as SST bundles the function (esbuild, ESM)
 * with code splitting on, the Lambda entry and everything it imports statically contain neither
 * the AWS SDK nor the user-administration pages, API and operations; they sit in chunks that only
 * `import()` reaches.
 */
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

const ENTRY = join(import.meta.dirname, "..", "lambda.ts");
const SDK = "@aws-sdk/client-cognito-identity-provider";
/** Loaded on first use by mount-user-admin.ts, never before. */
const LAZY_MODULES = [
  "user-admin/cognito-user-admin.ts",
  "user-admin/users-routes.tsx",
  "user-admin/users-api.ts",
  "pages/users-page.tsx",
  "pages/user-page.tsx",
  "pages/invite-page.tsx",
  "pages/confirm-action-page.tsx",
];

describe("user administration and the SDK on the cold path", () => {
  it("are reached only through dynamic imports from the Lambda entry", async () => {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node22",
      outdir: "/virtual-out",
      write: false,
      metafile: true,
      logLevel: "silent",
      mainFields: ["module", "main"],
    });
    const outputs = result.metafile.outputs;
    // Chunks that `import()` reaches have an entryPoint too: pick the Lambda's.
    const entry = Object.keys(outputs).find((name) =>
      outputs[name]?.entryPoint?.endsWith("dashboard/src/lambda.ts"),
    );
    expect(entry).toBeDefined();

    const coldInputs = staticClosure(outputs, entry as string);
    const cold = [...coldInputs];
    expect(cold.filter((input) => input.includes(SDK))).toEqual([]);
    expect(cold.filter((input) => LAZY_MODULES.some((m) => input.endsWith(m)))).toEqual([]);
    // …yet all are in the bundle, behind import().
    const bundled = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));
    expect(bundled.some((input) => input.includes(SDK))).toBe(true);
    for (const module of LAZY_MODULES) {
      expect(
        bundled.some((input) => input.endsWith(module)),
        module,
      ).toBe(true);
    }
  }, 60_000);
});

/** The inputs of an output and of every chunk it imports statically, transitively. */
function staticClosure(outputs: Metafile["outputs"], start: string): Set<string> {
  const inputs = new Set<string>();
  const seen = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    const name = todo.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const output = outputs[name];
    if (!output) continue;
    for (const input of Object.keys(output.inputs)) inputs.add(input);
    for (const imported of output.imports) {
      if (imported.kind === "import-statement" && !imported.external) todo.push(imported.path);
    }
  }
  return inputs;
}
