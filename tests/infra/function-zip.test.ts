/**
 * The dashboard's deployment zip, as `sst deploy` would upload it: the real sst.config.ts run under
 * the harness, SST's builder repeated (sst-node-build.ts) and SST's own component zipping its
 * output (platform/src/components/aws/function.ts, archiver). What ships, and the handler string
 * Lambda is given, are what a wrong build option would change without any other test noticing.
 */
import { createDecipheriv } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_FUNCTION } from "../../infra/dashboard-function.ts";
import { ensureSstPlatform } from "../../scripts/sst-platform.ts";
import { FAKE, runStack, type StackRun } from "./sst-harness.ts";
import { SST_KEY_FILE } from "./sst-resource-file.ts";

const SECRET = "zip-test-session-secret-0123456789abcdef";
/** The zip measured 239 KB with these options (979 KB when `sourcemap: false` shipped 37 maps). */
const MAX_ZIP_BYTES = 300_000;

let dir: string;
let run: StackRun;
let zip: Record<string, Uint8Array>;
let zipBytes: number;

beforeAll(async () => {
  ensureSstPlatform();
  dir = await mkdtemp(join(tmpdir(), "function-zip-"));
  run = await runStack({
    stage: "test",
    env: { SST_SECRET_SessionSecret: SECRET },
    keepZips: dir,
  });
  const path = run.zips.Dashboard;
  if (!path) throw new Error(`no zip for Dashboard: ${JSON.stringify(run.zips)}`);
  zip = unzipSync(new Uint8Array(await readFile(path)));
  zipBytes = (await stat(path)).size;
}, 300_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const lambda = () => {
  const fn = run.resources.find((r) => r.type === "aws:lambda/function:Function");
  if (!fn) throw new Error("no Lambda function in the stack");
  return fn.inputs;
};
const files = () => Object.keys(zip).filter((name) => !name.endsWith("/"));

describe("the dashboard's deployment zip", () => {
  it("points Lambda at SST's bundle: handler bundle.handler, on the stack's runtime", () => {
    expect(lambda().handler).toBe("bundle.handler");
    expect(lambda().runtime).toBe(DASHBOARD_FUNCTION.runtime);
    expect(files()).toContain("bundle.mjs");
  });

  it("holds the bundle, its chunks and resource.enc, and no source map", () => {
    const names = files();
    expect(names.filter((name) => name.endsWith(".map"))).toEqual([]);
    for (const name of names) {
      expect(name).toMatch(/^(bundle\.mjs|[\w-]+-[A-Z0-9]{8}\.mjs|resource\.enc)$/);
    }
    expect(names).toContain(SST_KEY_FILE);
    const bundle = new TextDecoder().decode(zip["bundle.mjs"]);
    expect(bundle).not.toContain("sourceMappingURL");
  });

  it(`stays under ${MAX_ZIP_BYTES / 1000} KB`, () => {
    expect(zipBytes).toBeLessThan(MAX_ZIP_BYTES);
  });

  it("has every chunk the bundle imports", () => {
    const names = new Set(files());
    for (const name of names) {
      if (!name.endsWith(".mjs")) continue;
      const code = new TextDecoder().decode(zip[name]);
      for (const [, imported] of code.matchAll(
        /from\s*"\.\/([^"]+)"|import\(\s*"\.\/([^"]+)"\s*\)/g,
      )) {
        if (imported) expect(names, `${name} imports ${imported}`).toContain(imported);
      }
    }
  });

  it("opens resource.enc with the SST_KEY the function gets, relative SST_KEY_FILE and all", () => {
    const variables = (lambda().environment as { variables: Record<string, string> }).variables;
    expect(variables.SST_KEY_FILE).toBe(SST_KEY_FILE);
    const sealed = Buffer.from(zip[SST_KEY_FILE] as Uint8Array);
    const decipher = createDecipheriv(
      "aes-256-gcm",
      Buffer.from(String(variables.SST_KEY), "base64"),
      Buffer.alloc(12, 0),
    );
    decipher.setAuthTag(sealed.subarray(-16));
    const links = JSON.parse(
      Buffer.concat([decipher.update(sealed.subarray(0, -16)), decipher.final()]).toString(),
    );
    expect(links.UserPool).toMatchObject({ id: FAKE.userPoolId });
    expect(links.SessionSecret).toMatchObject({ value: SECRET });
  });
});
