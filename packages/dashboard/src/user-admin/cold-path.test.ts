/**
 * What a returning user's cold start does not load: bundled as SST bundles the function (esbuild,
 * ESM) with code splitting on, the Lambda entry and everything it imports statically contain
 * neither the AWS SDK nor the user-administration pages, API and operations, nor the ID token's
 * verification (aws-jwt-verify, whose JWK module brings Node's https client); they sit in chunks
 * that only `import()` reaches.
 */
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

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

/** Needed only by a callback or a renewal (id-token-verifier.ts loads them), never before. */
const VERIFICATION = ["node_modules/aws-jwt-verify/", "cognito-auth/src/jwks-cache.ts"];
/** Node's HTTP client and server stack: slow to load in a fresh Node, needed by nothing on the
 * cold path (calls go through `fetch`). */
const NODE_HTTP = ["http", "https", "tls", "net"].flatMap((name) => [name, `node:${name}`]);

describe("the Lambda entry's cold path", () => {
  let cold: { inputs: Set<string>; external: Set<string> };
  let bundled: string[];

  beforeAll(async () => {
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
    cold = staticClosure(outputs, entry as string);
    bundled = Object.values(outputs).flatMap((o) => Object.keys(o.inputs));
  }, 60_000);

  it("has neither user administration nor the SDK: only dynamic imports reach them", () => {
    const inputs = [...cold.inputs];
    expect(inputs.filter((input) => input.includes(SDK))).toEqual([]);
    expect(inputs.filter((input) => LAZY_MODULES.some((m) => input.endsWith(m)))).toEqual([]);
    // …yet all are in the bundle, behind import().
    expect(bundled.some((input) => input.includes(SDK))).toBe(true);
    for (const module of LAZY_MODULES) {
      expect(
        bundled.some((input) => input.endsWith(module)),
        module,
      ).toBe(true);
    }
  });

  it("has no ID token verification and no Node HTTP client: a callback loads them", () => {
    const inputs = [...cold.inputs];
    expect(inputs.filter((input) => VERIFICATION.some((v) => input.includes(v)))).toEqual([]);
    for (const part of VERIFICATION) {
      expect(
        bundled.some((input) => input.includes(part)),
        part,
      ).toBe(true);
    }
    expect([...cold.external].filter((name) => NODE_HTTP.includes(name))).toEqual([]);
    // What it does load from Node: crypto for the session, fs for SST's resource file.
    expect(cold.external).toContain("node:crypto");
  });
});

/** The inputs of an output and of every chunk it imports statically, transitively, and the
 * external modules (Node's builtins) those chunks import statically. */
function staticClosure(
  outputs: Metafile["outputs"],
  start: string,
): { inputs: Set<string>; external: Set<string> } {
  const inputs = new Set<string>();
  const external = new Set<string>();
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
      if (imported.kind !== "import-statement") continue;
      if (imported.external) external.add(imported.path);
      else todo.push(imported.path);
    }
  }
  return { inputs, external };
}
