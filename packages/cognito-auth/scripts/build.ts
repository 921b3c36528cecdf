// The package as published. The workspace's package.json points at the TypeScript source, so the
// app and the tests run it without a build; npm packs what a consumer needs instead:
//
//   npm run build -w @cognito-dashboard/cognito-auth   dist/: ESM JavaScript, .d.ts for import
//                                                      and .d.cts for require (types per condition)
//   npm pack -w … / npm publish -w …                   prepack: the build, then package.json
//                                                      becomes the published manifest (exports to
//                                                      dist/); postpack puts the workspace's back
//
// The published manifest is derived from the workspace's (name, version, dependencies), so they
// never drift. Runs with Node's type stripping, so no TypeScript-only syntax here.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const manifestPath = join(root, "package.json");
/** The workspace's package.json while the published one stands in for it (between pre- and postpack). */
const workspaceCopy = join(root, ".workspace-package.json");

/** Puts the workspace's package.json back, if a pack swapped it (also after a failed pack). */
function restore(): void {
  if (existsSync(workspaceCopy)) renameSync(workspaceCopy, manifestPath);
}

function build(): void {
  rmSync(dist, { recursive: true, force: true });
  // TypeScript's own launcher (its package exports no path to it: found next to package.json).
  const typescript = dirname(createRequire(import.meta.url).resolve("typescript/package.json"));
  execFileSync(
    process.execPath,
    [join(typescript, "bin", "tsc"), "-p", join(root, "tsconfig.build.json")],
    { stdio: "inherit" },
  );
  writeRequireTypes(dist);
}

/**
 * A `.d.cts` beside each `.d.ts`: the same declarations read as CommonJS, for a `require()` of
 * this ESM package (Node's require(esm) hands back the module's namespace, which is what they
 * declare). TypeScript under `node16` or `nodenext` picks them through the `default` condition.
 */
function writeRequireTypes(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) writeRequireTypes(path);
    else if (entry.name.endsWith(".d.ts")) {
      const text = readFileSync(path, "utf8").replace(
        /((?:from|import)\s*\(?\s*["']\.\.?\/[^"']*?)\.[jt]s(["'])/g,
        "$1.cjs$2",
      );
      writeFileSync(path.replace(/\.d\.ts$/, ".d.cts"), text);
    }
  }
}

/** `import` and `default` (require) conditions, each with its own types. */
function entry(name: string) {
  return {
    import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
    default: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.js` },
  };
}

/**
 * The package.json a consumer installs, from the workspace's.
 */
function publishedManifest(workspace: Record<string, unknown>): Record<string, unknown> {
  const { scripts: _scripts, devDependencies: _dev, exports: _exports, ...kept } = workspace;
  return {
    ...kept,
    type: "module",
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    exports: {
      ".": entry("index"),
      "./testing": entry("testing/index"),
      "./package.json": "./package.json",
    },
    files: ["dist", "docs", "CHANGELOG.md"],
    sideEffects: false,
  };
}

const mode = process.argv[2];
if (mode === "--restore") {
  restore();
} else {
  restore();
  build();
  if (mode === "--pack") {
    const workspace = readFileSync(manifestPath, "utf8");
    writeFileSync(workspaceCopy, workspace);
    const published = publishedManifest(JSON.parse(workspace));
    writeFileSync(manifestPath, `${JSON.stringify(published, null, 2)}\n`);
  } else {
    console.log(`built ${dist}`);
  }
}
