/**
 * SST 4.17.1's Node builder, repeated in TypeScript: what `sst deploy` does to a function's
 * handler before it zips it. The infrastructure harness answers the CLI's `Runtime.Build` with it,
 * the rehearsal runs what it builds, and the benchmark builds with it, so all three measure what
 * ships.
 *
 * Read from the CLI's Go source (github.com/sst/sst, now anomalyco/sst, v4.17.x:
 * `pkg/runtime/node/build.go` and `node.go`, `pkg/runtime/runtime.go`) and checked against the
 * binary npm installs (`node_modules/sst-linux-x64/bin/sst`, whose build info pins
 * `github.com/evanw/esbuild v0.27.2`):
 * - esbuild 0.27.2 (the npm alias `esbuild-sst`), bundling for platform node, ESM unless
 *   `format: "cjs"`, the entry written as `bundle.mjs` (or `.cjs`) and the handler named
 *   `bundle.<export>`, whatever the source file is called; with `splitting`, chunks beside it
 *   (`entryNames: "bundle"`, `.mjs`).
 * - target: `nodejs.esbuild.target` if it names an ES version, else the runtime's
 *   (`nodejs24.x` -> es2024, `nodejs22.x` and `nodejs20.x` -> es2023, ...).
 * - keepNames unless `esbuild.keepNames` is false; mainFields `module, main` (CJS: `main`) unless
 *   `esbuild.mainFields`; `conditions`, `define`, `nodePaths` from `esbuild`.
 * - the `createRequire`/`__dirname` banner plus `nodejs.banner` (CJS: `nodejs.banner` alone);
 *   `sharp`, `pg-native`, `install` and `esbuild.external` external.
 * - when deploying: minified only if `minify` is true (its docs say the default is true; its code
 *   does not); source maps `linked` unless `esbuild.sourcemap` says otherwise, and `linked` again
 *   when `sourcemap` is `false`. Only when `sourcemap` is unset are the maps returned to the
 *   component (which leaves them out of the zip and uploads them for its Console); so
 *   `sourcemap: false` ships every map, and `esbuild.sourcemap: false` writes none.
 * After an SST upgrade, re-read those files and `platform/src/components/aws/function.ts`.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild-sst";

/** The `nodejs` properties of `sst.aws.Function` the builder reads, plus the architecture. */
export interface SstNodeProperties {
  format?: "esm" | "cjs";
  minify?: boolean;
  sourcemap?: boolean;
  splitting?: boolean;
  banner?: string;
  install?: string[] | Record<string, string>;
  esbuild?: {
    target?: string;
    sourcemap?: boolean | "inline" | "linked" | "external" | "both";
    keepNames?: boolean;
    define?: Record<string, string>;
    external?: string[];
    nodePaths?: string[];
    mainFields?: string[];
    conditions?: string[];
  };
  architecture?: string;
}

export interface SstNodeBuild {
  /** The entry file the handler points at (`<outDir>/bundle.mjs`). */
  entryFile: string;
  /** The handler as SST gives it to Lambda: `bundle.<export>`. */
  handler: string;
  outDir: string;
  metafile: Metafile;
  /** The maps SST returns for upload and leaves out of the zip (only when `sourcemap` is unset). */
  sourcemaps: string[];
  /** The esbuild options used, for tests to assert on. */
  options: BuildOptions;
}

const FORCE_EXTERNAL = ["sharp", "pg-native"];

/** The target SST picks for a runtime (build.go's targetMap); other runtimes get esbuild's default. */
const RUNTIME_TARGET: Record<string, string> = {
  "nodejs24.x": "es2024",
  "nodejs22.x": "es2023",
  "nodejs20.x": "es2023",
  "nodejs18.x": "es2022",
  "nodejs16.x": "es2021",
  "nodejs14.x": "es2020",
  "nodejs12.x": "es2019",
};

/** The values `esbuild.target` may take (node.go's esTargetMap): es2024 is not among them. */
const ES_TARGETS = new Set([
  "esnext",
  "es5",
  "es6",
  "es2015",
  "es2016",
  "es2017",
  "es2018",
  "es2019",
  "es2020",
  "es2021",
  "es2022",
  "es2023",
]);

/** SST's banner for ESM bundles: bundled CommonJS may still call `require` or read `__dirname`. */
const BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  "const require = topLevelCreateRequire(import.meta.url);",
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
];

/** The extensions SST tries, in its order, for the file part of a handler. */
const NODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/**
 * The source file a handler string names, found as SST finds it (first extension that exists).
 * @example await handlerSource("/repo", "packages/dashboard/src/lambda.handler") // "/repo/packages/dashboard/src/lambda.ts"
 */
export async function handlerSource(root: string, handler: string): Promise<string | undefined> {
  const file = handler.slice(0, handler.lastIndexOf("."));
  for (const ext of NODE_EXTENSIONS) {
    const path = join(root, file + ext);
    if (
      await readFile(path).then(
        () => true,
        () => false,
      )
    ) {
      return path;
    }
  }
  return undefined;
}

/**
 * Builds a function's handler as `sst deploy` (or `sst dev`, with `dev: true`) would.
 * @example const out = await buildLikeSst({ root, handler: DASHBOARD_FUNCTION.handler, runtime: "nodejs24.x", outDir, properties: DASHBOARD_FUNCTION.nodejs });
 */
export async function buildLikeSst(input: {
  /** The project root (where sst.config.ts is): handlers are relative to it. */
  root: string;
  /** As given to `sst.aws.Function`: `<path without extension>.<export>`. */
  handler: string;
  runtime: string;
  outDir: string;
  properties: SstNodeProperties;
  dev?: boolean;
}): Promise<SstNodeBuild> {
  const { properties } = input;
  const file = await handlerSource(input.root, input.handler);
  if (!file) throw new Error(`handler not found: ${input.handler}`);
  const esm = properties.format !== "cjs";
  const exportName = input.handler.slice(input.handler.lastIndexOf(".") + 1);
  const entryFile = join(input.outDir, `bundle${esm ? ".mjs" : ".cjs"}`);
  const install = Array.isArray(properties.install)
    ? properties.install
    : Object.keys(properties.install ?? {});
  const es = properties.esbuild ?? {};
  const target =
    es.target && ES_TARGETS.has(es.target.toLowerCase())
      ? es.target.toLowerCase()
      : RUNTIME_TARGET[input.runtime];
  const options: BuildOptions = {
    entryPoints: [file],
    absWorkingDir: input.root,
    platform: "node",
    external: [...FORCE_EXTERNAL, ...install, ...(es.external ?? [])],
    keepNames: es.keepNames ?? true,
    bundle: true,
    splitting: properties.splitting ?? false,
    metafile: true,
    sourcemap: resolveSourcemap(es.sourcemap),
    write: true,
    format: esm ? "esm" : "cjs",
    ...(target ? { target } : {}),
    mainFields: es.mainFields?.length ? es.mainFields : esm ? ["module", "main"] : ["main"],
    ...(es.conditions?.length ? { conditions: es.conditions } : {}),
    ...(es.nodePaths ? { nodePaths: es.nodePaths } : {}),
    ...(es.define ? { define: es.define } : {}),
    banner: {
      js: esm ? [...BANNER, properties.banner ?? ""].join("\n") : (properties.banner ?? ""),
    },
    logLevel: "silent",
    ...(properties.splitting
      ? { outdir: input.outDir, outExtension: { ".js": ".mjs" }, entryNames: "bundle" }
      : { outfile: entryFile }),
  };
  if (!input.dev) {
    if (properties.minify) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
      options.minifyIdentifiers = true;
    }
    if (properties.sourcemap === false) options.sourcemap = "linked";
  }
  const result = await build(options);
  const metafile = result.metafile as Metafile;
  const sourcemaps =
    !input.dev && properties.sourcemap === undefined
      ? Object.keys(metafile.outputs)
          .filter((path) => path.endsWith(".map"))
          .map((path) => resolve(input.root, path))
      : [];
  return {
    entryFile,
    handler: `bundle.${exportName}`,
    outDir: input.outDir,
    metafile,
    sourcemaps,
    options,
  };
}

/** node.go's ResolveSourcemap: a known string, or a boolean; anything else keeps `linked`. */
function resolveSourcemap(value: unknown): BuildOptions["sourcemap"] {
  if (value === true) return "linked" as const;
  if (value === false) return false;
  if (typeof value === "string") {
    const known = {
      inline: "inline",
      linked: "linked",
      external: "external",
      both: "both",
    } as const;
    return known[value.toLowerCase() as keyof typeof known] ?? ("linked" as const);
  }
  return "linked" as const;
}

/**
 * The code a cold start loads before the handler runs: the entry file and every chunk it imports
 * statically, transitively (dynamically imported chunks load on first use, if ever), as the
 * metafile names them (relative to the project root).
 * @example const { bytes, files } = await coldPath(out); bytes <= 150_000
 */
export async function coldPath(out: SstNodeBuild): Promise<{ bytes: number; files: string[] }> {
  const outputs = out.metafile.outputs;
  const root = String(out.options.absWorkingDir ?? process.cwd());
  const key = (path: string) =>
    Object.keys(outputs).find((k) => resolve(root, k) === resolve(path));
  const start = key(out.entryFile);
  if (!start) throw new Error(`the build has no output ${out.entryFile}`);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) {
      if (imp.kind === "import-statement" && !imp.external && outputs[imp.path]) visit(imp.path);
    }
  };
  visit(start);
  let bytes = 0;
  for (const file of seen) bytes += (await readFile(resolve(root, file))).length;
  return { bytes, files: [...seen] };
}
