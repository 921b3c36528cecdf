/**
 * A stand-in for the SST CLI's Node builder (sst 4.17.x, pkg/runtime/node/build.go in the SST
 * repository): the esbuild options it derives from a function's `nodejs` properties. The
 * infrastructure harness answers `Runtime.Build` with it, and the benchmark builds the dashboard
 * with it from `DASHBOARD_FUNCTION` (infra/dashboard-function.ts), so both build what `sst deploy`
 * would build from the same object.
 *
 * What the Go code does, repeated here: bundle for platform node, ESM (`.mjs`), target esnext,
 * `module` before `main`, `keepNames`, a `createRequire`/`__dirname` banner plus `nodejs.banner`,
 * `sharp` and `pg-native` plus `nodejs.install` and `nodejs.esbuild.external` external; with
 * `splitting`, an output directory of `.mjs` chunks; when deploying (not `sst dev`) minified only
 * if `nodejs.minify` is true, and with no source map unless `nodejs.sourcemap` is true.
 * After an SST upgrade, re-read that file.
 */
import { readFile } from "node:fs/promises";
import { basename, extname, join, resolve } from "node:path";
import { type BuildOptions, build, type Metafile } from "esbuild";

/** The `nodejs` properties of `sst.aws.Function` this builder reads, plus the architecture. */
export interface SstNodeProperties {
  format?: "esm" | "cjs";
  minify?: boolean;
  sourcemap?: boolean;
  splitting?: boolean;
  banner?: string;
  install?: string[] | Record<string, string>;
  esbuild?: { external?: string[] };
  architecture?: string;
}

export interface SstNodeBuild {
  /** The entry file the handler points at (`<name>.mjs`). */
  entryFile: string;
  /** The handler as Lambda sees it: `<name>.<export>`. */
  handler: string;
  outDir: string;
  metafile: Metafile;
  /** The esbuild options used, for tests to assert on. */
  options: BuildOptions;
}

const FORCE_EXTERNAL = ["sharp", "pg-native"];

/** SST's banner for ESM bundles: bundled CommonJS may still call `require` or read `__dirname`. */
const BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  "const require = topLevelCreateRequire(import.meta.url);",
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
];

/**
 * Builds a handler file as `sst deploy` (or `sst dev`, with `dev: true`) would.
 * @example const out = await buildLikeSst({ file, handlerExport: "handler", outDir, properties: DASHBOARD_FUNCTION.nodejs });
 */
export async function buildLikeSst(input: {
  file: string;
  handlerExport: string;
  outDir: string;
  properties: SstNodeProperties;
  dev?: boolean;
}): Promise<SstNodeBuild> {
  const { properties } = input;
  const esm = properties.format !== "cjs";
  // Lambda's handler string allows one dot: the file name's own dots become dashes.
  const name = basename(input.file, extname(input.file)).replaceAll(".", "-");
  const entryFile = join(input.outDir, `${name}${esm ? ".mjs" : ".cjs"}`);
  const install = Array.isArray(properties.install)
    ? properties.install
    : Object.keys(properties.install ?? {});
  const options: BuildOptions = {
    entryPoints: [input.file],
    platform: "node",
    external: [...FORCE_EXTERNAL, ...install, ...(properties.esbuild?.external ?? [])],
    keepNames: true,
    bundle: true,
    splitting: properties.splitting ?? false,
    metafile: true,
    sourcemap: "linked",
    write: true,
    format: esm ? "esm" : "cjs",
    target: "esnext",
    mainFields: esm ? ["module", "main"] : ["main"],
    banner: { js: [...BANNER, properties.banner ?? ""].join("\n") },
    logLevel: "silent",
    ...(properties.splitting
      ? { outdir: input.outDir, outExtension: { ".js": ".mjs" } }
      : { outfile: entryFile }),
  };
  if (!input.dev) {
    if (properties.minify) {
      options.minifyWhitespace = true;
      options.minifySyntax = true;
      options.minifyIdentifiers = true;
    }
    if (!properties.sourcemap) options.sourcemap = false;
  }
  const result = await build(options);
  return {
    entryFile,
    handler: `${name}.${input.handlerExport}`,
    outDir: input.outDir,
    metafile: result.metafile as Metafile,
    options,
  };
}

/**
 * The code a cold start loads before the handler runs: the entry file and every chunk it imports
 * statically, transitively (dynamically imported chunks load on first use, if ever).
 * @example const { bytes, files } = await coldPath(out); bytes <= 150_000
 */
export async function coldPath(out: SstNodeBuild): Promise<{ bytes: number; files: string[] }> {
  const outputs = out.metafile.outputs;
  const key = (path: string) => Object.keys(outputs).find((k) => resolve(k) === resolve(path));
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
  for (const file of seen) bytes += (await readFile(resolve(file))).length;
  return { bytes, files: [...seen] };
}
