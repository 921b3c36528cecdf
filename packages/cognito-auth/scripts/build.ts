// `npm run build -w @cognito-dashboard/cognito-auth`: the package as published, in dist/: ESM
// JavaScript and `.d.ts` files (tsc), and a package.json whose `exports` point at them. The
// workspace's own package.json points at the TypeScript source, so the app and the tests run
// the source without a build; `npm publish packages/cognito-auth/dist` publishes the build.
// Runs with Node's type stripping, so no TypeScript-only syntax here.
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
const source = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

rmSync(dist, { recursive: true, force: true });
// TypeScript's own launcher (its package exports no path to it: found next to package.json).
const typescript = dirname(createRequire(import.meta.url).resolve("typescript/package.json"));
execFileSync(
  process.execPath,
  [join(typescript, "bin", "tsc"), "-p", join(root, "tsconfig.build.json")],
  {
    stdio: "inherit",
  },
);

const published = {
  name: source.name,
  version: source.version,
  description: source.description,
  license: source.license,
  type: "module",
  exports: { ".": { types: "./index.d.ts", import: "./index.js" } },
  types: "./index.d.ts",
  sideEffects: false,
  engines: { node: ">=20" },
  peerDependencies: source.peerDependencies,
  dependencies: source.dependencies,
};
writeFileSync(join(dist, "package.json"), `${JSON.stringify(published, null, 2)}\n`);
for (const file of ["README.md", "LICENSE", "CHANGELOG.md"]) {
  copyFileSync(join(root, file), join(dist, file));
}
console.log(`built ${source.name}@${source.version} in ${dist}`);
