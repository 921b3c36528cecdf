/**
 * A consumer's project, as someone who installs cognito-auth has one: a fresh folder whose
 * node_modules come from `npm ci` of the packed tarball (what `npm pack -w` makes) and its
 * dependencies. Offline: the lockfile written here pins each dependency to the version and
 * integrity of the repository's own lockfile, so npm takes them from its cache, which the
 * repository's `npm ci` filled; no registry is asked (the tests run without a network).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const REPO_ROOT = join(import.meta.dirname, "..", "..");
const PACKAGE = "@cognito-dashboard/cognito-auth";

/** A packed tarball: where it is, and what its manifest says. */
export interface Packed {
  path: string;
  manifest: {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    [key: string]: unknown;
  };
  files: string[];
}

/**
 * `npm pack -w @cognito-dashboard/cognito-auth` into `destination`, as a maintainer would.
 * @example const packed = await packCognitoAuth(tmp);
 */
export async function packCognitoAuth(destination: string): Promise<Packed> {
  const { stdout } = await run(
    "npm",
    ["pack", "-w", PACKAGE, "--pack-destination", destination, "--json", "--loglevel=error"],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  );
  // The JSON report follows whatever the prepack script printed.
  const [result] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (!result) throw new Error("npm pack made no tarball");
  const path = join(destination, result.filename);
  const { stdout: manifest } = await run("tar", ["-xzOf", path, "package/package.json"]);
  return { path, manifest: JSON.parse(manifest), files: result.files.map((f) => f.path) };
}

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

const rootLock = (): Record<string, LockEntry> =>
  JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")).packages;

/** The registry npm is set up with (its tarballs are in npm's cache under their integrity). */
const REGISTRY = (process.env.npm_config_registry ?? "https://registry.npmjs.org/").replace(
  /\/?$/,
  "/",
);

/**
 * The repository's lock entry of `name` (hoisted), without what only the repository needs, and
 * with the tarball's URL: the repository's lock has none, and without one npm would ask the
 * registry for the package's metadata, which the cache may not hold.
 */
function lockEntry(lock: Record<string, LockEntry>, name: string): LockEntry {
  const entry = lock[`node_modules/${name}`];
  if (!entry?.version) throw new Error(`${name} is not in the repository's package-lock.json`);
  const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...kept } = entry;
  const file = `${name.slice(name.lastIndexOf("/") + 1)}-${entry.version}.tgz`;
  return { resolved: `${REGISTRY}${name}/-/${file}`, ...kept };
}

/**
 * Creates the consumer project `dir` (the files of `template` copied in) depending on the packed
 * package and on `extra` (names in the repository's lockfile), and runs `npm ci --offline`.
 * @example await installConsumer(dir, packed, { type: "module", extra: ["hono", "@hono/node-server"] });
 */
export async function installConsumer(
  dir: string,
  packed: Packed,
  project: { type: "module" | "commonjs"; template: string; extra: string[] },
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  cpSync(project.template, dir, { recursive: true });
  const lock = rootLock();
  const tarball = `file:${packed.path}`;
  const direct: Record<string, string> = { [packed.manifest.name]: tarball };
  const packages: Record<string, LockEntry> = {};
  const wanted = [...project.extra];
  for (const name of project.extra) direct[name] = lockEntry(lock, name).version as string;
  // The tarball's dependencies and peers, and theirs, at the repository's versions.
  wanted.push(...Object.keys(packed.manifest.dependencies ?? {}));
  while (wanted.length > 0) {
    const name = wanted.pop() as string;
    if (packages[`node_modules/${name}`]) continue;
    const entry = lockEntry(lock, name);
    packages[`node_modules/${name}`] = entry;
    wanted.push(...Object.keys(entry.dependencies ?? {}));
  }
  const tgz = readFileSync(packed.path);
  packages[`node_modules/${packed.manifest.name}`] = {
    version: packed.manifest.version,
    resolved: tarball,
    integrity: `sha512-${createHash("sha512").update(tgz).digest("base64")}`,
    dependencies: packed.manifest.dependencies,
    peerDependencies: packed.manifest.peerDependencies,
    peerDependenciesMeta: packed.manifest.peerDependenciesMeta as LockEntry["peerDependenciesMeta"],
  };
  const manifest = { name: "consumer", private: true, type: project.type, dependencies: direct };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const packageLock = {
    name: "consumer",
    lockfileVersion: 3,
    requires: true,
    packages: { "": { name: "consumer", dependencies: direct }, ...packages },
  };
  writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify(packageLock, null, 2)}\n`);
  await run(
    "npm",
    ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
    { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
  );
}
