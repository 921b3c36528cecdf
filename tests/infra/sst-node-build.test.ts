/**
 * SST 4.17.1's source-map and naming rules, as its builder applies them (build.go, node.go), on a
 * small handler: the reason the stack sets `esbuild.sourcemap` and not `sourcemap`.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLikeSst, type SstNodeProperties } from "./sst-node-build.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const HANDLER = "bench/cold-start/bare-lambda.handler";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sst-node-build-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function buildWith(name: string, properties: SstNodeProperties, runtime = "nodejs24.x") {
  const outDir = join(dir, name);
  const out = await buildLikeSst({ root: ROOT, handler: HANDLER, runtime, outDir, properties });
  return { out, files: (await readdir(outDir)).sort() };
}

describe("SST's Node builder", () => {
  it("writes bundle.mjs and names the handler bundle.<export>, whatever the file is called", async () => {
    const { out, files } = await buildWith("plain", { minify: true });
    expect(out.handler).toBe("bundle.handler");
    expect(files).toContain("bundle.mjs");
  });

  it("targets the runtime's ES version unless esbuild.target names one", async () => {
    expect((await buildWith("t24", {})).out.options.target).toBe("es2024");
    expect((await buildWith("t22", {}, "nodejs22.x")).out.options.target).toBe("es2023");
    expect((await buildWith("tset", { esbuild: { target: "es2022" } })).out.options.target).toBe(
      "es2022",
    );
  });

  it("ships the maps when sourcemap is false: linked, and not returned to be left out", async () => {
    const { out, files } = await buildWith("false", { sourcemap: false });
    expect(files).toContain("bundle.mjs.map");
    expect(out.sourcemaps).toEqual([]);
  });

  it("writes the maps but returns them (out of the zip, to the Console) when sourcemap is unset", async () => {
    const { out, files } = await buildWith("unset", {});
    expect(files).toContain("bundle.mjs.map");
    expect(out.sourcemaps).toEqual([join(dir, "unset", "bundle.mjs.map")]);
  });

  it("writes no map with esbuild.sourcemap false, the stack's setting", async () => {
    const { out, files } = await buildWith("none", {
      sourcemap: true,
      esbuild: { sourcemap: false },
    });
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(out.sourcemaps).toEqual([]);
  });
});
