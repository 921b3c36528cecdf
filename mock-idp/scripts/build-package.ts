// Builds the mock as the package people install (`cognito-mock-idp`, in mock-idp/package):
// `npm pack -w cognito-mock-idp` runs it (prepack). The workspace's own package
// (@cognito-dashboard/mock-idp) keeps running the TypeScript source; Node refuses to strip types
// under node_modules, so the installed package gets JavaScript: one esbuild bundle with this
// repository's shared names (@cognito-dashboard/local-dev) inlined, and oidc-provider and jose
// as dependencies; and the declarations of its API (tsc), for TypeScript consumers. Runs with
// Node's type stripping, so no TypeScript-only syntax here.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "package");
const dist = join(out, "dist");
const manifest = JSON.parse(readFileSync(join(out, "package.json"), "utf8"));

rmSync(dist, { recursive: true, force: true });
await build({
  entryPoints: { index: join(root, "src/index.ts"), cli: join(root, "src/cli.ts") },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  external: Object.keys(manifest.dependencies),
  logLevel: "warning",
});
// Declarations, one per source file, with `.js` import paths; oidc-provider ships no types, so
// the mock's own declaration of the parts it uses goes with them.
const typescript = dirname(createRequire(import.meta.url).resolve("typescript/package.json"));
execFileSync(
  process.execPath,
  [join(typescript, "bin", "tsc"), "-p", join(root, "tsconfig.types.json")],
  { stdio: "inherit" },
);
const types = join(dist, "types");
copyFileSync(join(root, "src/oidc-provider.d.ts"), join(types, "oidc-provider.d.ts"));
for (const file of readdirSync(types)) {
  const path = join(types, file);
  let text = readFileSync(path, "utf8").replace(/(from "\.\/[^"]+)\.ts"/g, '$1.js"');
  if (file === "index.d.ts") text = `/// <reference path="./oidc-provider.d.ts" />\n${text}`;
  writeFileSync(path, text);
}
const cli = join(dist, "cli.js");
writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, "utf8")}`);
chmodSync(cli, 0o755);
// The default users (found next to dist/, as src/options.ts finds them next to src/), the README
// and the licence.
for (const file of ["users.json", "README.md", "LICENSE"]) {
  copyFileSync(join(root, file), join(out, file));
}
console.log(`built ${manifest.name}@${manifest.version} in ${dist}`);
