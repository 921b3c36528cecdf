import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** SST's banner for ESM bundles: bundled CommonJS code may still call `require`. */
export const SST_BANNER =
  'import { createRequire } from "module"; const require = createRequire(import.meta.url);';

/** One bundle: its size and what it is made of. */
export interface BundleInfo {
  file: string;
  bytes: number;
  /** gzip -9 of the bundle: about what the deployment zip holds for it. */
  gzipBytes: number;
  /** Largest contributors, grouped by package, bytes in the minified output. */
  largest: { name: string; bytes: number }[];
  /** Bytes from the AWS SDK (`@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*`). */
  sdkBytes: number;
}

/**
 * Bundles a Lambda handler as SST does for a Node function: esbuild, bundle, minify, ESM,
 * platform node, target node22, `module` before `main`, SST's createRequire banner, no source map.
 * @example const info = await bundleLikeSst("packages/dashboard/src/lambda.ts", "/tmp/x/index.mjs")
 */
export async function bundleLikeSst(entry: string, outfile: string): Promise<BundleInfo> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    mainFields: ["module", "main"],
    banner: { js: SST_BANNER },
    sourcemap: false,
    metafile: true,
    logLevel: "silent",
  });
  const output = Object.values(result.metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(path);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const code = await readFile(outfile);
  let sdkBytes = 0;
  for (const [name, bytes] of byPackage)
    if (/^@(aws-sdk|smithy|aws-crypto)\//.test(name)) sdkBytes += bytes;
  return {
    file: outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
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
  const workspace = /^(packages\/[^/]+|mock-idp|bench)/.exec(path);
  return workspace?.[1] ?? path;
}
