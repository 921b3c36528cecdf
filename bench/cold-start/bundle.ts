import { readFile } from "node:fs/promises";
import { extname, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { DASHBOARD_FUNCTION } from "../../infra/dashboard-function.ts";
import { buildLikeSst, coldPath } from "../../tests/infra/sst-node-build.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** One build: what a cold start loads, and what it is made of. */
export interface BundleInfo {
  /** The entry file the handler points at. */
  file: string;
  /** The cold path: the entry file and every chunk it imports statically. */
  bytes: number;
  /** gzip -9 of the cold path: about what the deployment zip holds for it. */
  gzipBytes: number;
  /** Every file of the build (lazily imported chunks included). */
  totalBytes: number;
  /** Files on the cold path, and in the build. */
  coldFiles: number;
  files: number;
  /** Largest contributors to the cold path, grouped by package, bytes in the minified output. */
  largest: { name: string; bytes: number }[];
  /** Cold-path bytes from the AWS SDK (`@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*`). */
  sdkBytes: number;
}

/**
 * Builds a Lambda handler exactly as `sst deploy` builds the dashboard function: SST's Node builder
 * as the infrastructure test answers `Runtime.Build` with it (tests/infra/sst-node-build.ts), fed
 * with the stack's own build options and runtime (`DASHBOARD_FUNCTION`).
 * @example const info = await bundleLikeSst("packages/dashboard/src/lambda.ts", "/tmp/x")
 */
export async function bundleLikeSst(entry: string, outDir: string): Promise<BundleInfo> {
  const file = relative(ROOT, resolve(ROOT, entry));
  const out = await buildLikeSst({
    root: ROOT,
    handler: `${file.slice(0, -extname(file).length)}.handler`,
    runtime: DASHBOARD_FUNCTION.runtime,
    outDir,
    properties: { ...DASHBOARD_FUNCTION.nodejs, architecture: DASHBOARD_FUNCTION.architecture },
  });
  const cold = await coldPath(out);
  const coldSet = new Set(cold.files);
  const byPackage = new Map<string, number>();
  let totalBytes = 0;
  let files = 0;
  const coldCode: Buffer[] = [];
  for (const [path, output] of Object.entries(out.metafile.outputs)) {
    if (path.endsWith(".map")) continue;
    files++;
    const code = await readFile(resolve(ROOT, path));
    totalBytes += code.length;
    if (!coldSet.has(path)) continue;
    coldCode.push(code);
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  let sdkBytes = 0;
  for (const [name, bytes] of byPackage) {
    if (/^@(aws-sdk|smithy|aws-crypto)\//.test(name)) sdkBytes += bytes;
  }
  return {
    file: out.entryFile,
    bytes: cold.bytes,
    gzipBytes: gzipSync(Buffer.concat(coldCode), { level: 9 }).length,
    totalBytes,
    coldFiles: cold.files.length,
    files,
    largest: [...byPackage]
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 8),
    sdkBytes,
  };
}

/** `node_modules/@smithy/core/dist-es/x.js` → `@smithy/core`; our own code → its workspace. */
function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(
    path.slice(path.lastIndexOf("node_modules/")),
  );
  if (match?.[1]) return match[1];
  const workspace = /^(packages\/[^/]+|mock-idp|bench|infra)/.exec(path);
  return workspace?.[1] ?? path;
}
