/**
 * cognito-auth as people install it: `npm pack -w @cognito-dashboard/cognito-auth`, installed into
 * fresh consumer projects (ES module, CommonJS, a Worker) with npm, type-checked by TypeScript under
 * each module resolution, and run on every runtime it claims: Node 20, 22 and 24 (ESM and
 * require), Bun, Deno and workerd (through `wrangler dev`). Each one signs a user in against the
 * real mock IdP, over real HTTP on a registered port, and reaches a protected page and an admin
 * page. Nothing here imports the package's source.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { MockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { otherNode } from "../../scripts/other-node.ts";
import { answers, type ServerProcess, startProcess } from "../browser/server-process.ts";
import { Browser } from "../chain/browser.ts";
import { ADMIN, KEY_1, logIn, startIdp } from "../chain/harness.ts";
import { installConsumer, type Packed, packCognitoAuth, REPO_ROOT } from "./consumer-install.ts";

const run = promisify(execFile);
const TEMPLATE = join(import.meta.dirname, "app");
const BIN = join(REPO_ROOT, "node_modules", ".bin");
/** A registered callback port of the mock's app client. */
const PORT = 3000;
const APP = `http://localhost:${PORT}`;
/** What every consumer project installs besides the package (all in the repository's lockfile). */
const EXTRA = ["hono", "@hono/node-server", "tough-cookie", "@types/node"];

const tmp = mkdtempSync(join(tmpdir(), "cognito-auth-consumers-"));
const dirs = { esm: join(tmp, "esm"), cjs: join(tmp, "cjs"), worker: join(tmp, "worker") };
let packed: Packed;
let idp: MockIdp;
/** What `tsc -p <config>` printed in each project (nothing when it type-checks). */
const typeChecks = new Map<string, string>();

/** A runtime's binary, or why there is none: missing runtimes fail in CI and are skipped elsewhere. */
function runtime(name: string, find: () => string | undefined): string | undefined {
  let found: string | undefined;
  // Bun, Deno and wrangler come with npm ci; the other Nodes' reason says how to install them.
  let reason = "not installed (npm ci installs it)";
  try {
    found = find();
  } catch (err) {
    reason = (err as Error).message.split("\n")[0] ?? reason;
  }
  if (found === undefined) {
    if (process.env.CI) throw new Error(`${name}: ${reason}`);
    console.warn(`packed-cognito-auth.test.ts: ${name}: ${reason}, skipped`);
  }
  return found;
}

/** A binary from node_modules/.bin that runs. */
function repoBin(name: string): string | undefined {
  const path = join(BIN, name);
  return existsSync(path) ? path : undefined;
}

/** The other majors the package claims (`engines`), from npm into node_modules/.cache. */
const OTHER_NODES = [20, 22];
const nodes = Object.fromEntries(
  OTHER_NODES.map((major) => [
    major,
    runtime(`Node ${major}`, () => {
      const found = otherNode(major);
      if (typeof found === "string") return found;
      throw new Error(found.reason);
    }),
  ]),
);

async function tsc(project: string, config: string): Promise<string> {
  try {
    await run(process.execPath, [join(BIN, "tsc"), "-p", config, "--pretty", "false"], {
      cwd: project,
    });
    return "";
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    return `${stdout ?? ""}${stderr ?? ""}`.trim() || String(err);
  }
}

beforeAll(async () => {
  packed = await packCognitoAuth(tmp);
  const template = TEMPLATE;
  await Promise.all([
    installConsumer(dirs.esm, packed, { type: "module", template, extra: EXTRA }),
    installConsumer(dirs.cjs, packed, { type: "commonjs", template, extra: EXTRA }),
    installConsumer(dirs.worker, packed, { type: "module", template, extra: ["hono"] }),
  ]);
  // nodenext emits the JavaScript the runtimes run (dist/).
  await Promise.all(
    (["esm", "cjs"] as const).flatMap((kind) =>
      ["bundler", "node16", "nodenext"].map(async (config) => {
        typeChecks.set(`${kind} ${config}`, await tsc(dirs[kind], `tsconfig.${config}.json`));
      }),
    ),
  );
  idp = await startIdp();
}, 300_000);

afterAll(async () => {
  await idp?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** The environment of a consumer's server: the mock's settings, as the README says to copy them. */
function settings(): Record<string, string> {
  return {
    COGNITO_DOMAIN: idp.url,
    COGNITO_USER_POOL_ID: idp.userPoolId,
    COGNITO_CLIENT_ID: idp.clientId,
    COGNITO_CLIENT_SECRET: idp.clientSecret,
    COGNITO_JWKS_URI: idp.jwksUri,
    SESSION_SECRET: KEY_1,
  };
}

/** A clean environment for a consumer's process: PATH and HOME, nothing of this repository's. */
function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir(), ...extra };
}

/** Starts a consumer's server, signs the mock's admin in, reaches `/` and `/admin`, stops it. */
async function signsIn(server: ServerProcess, ready: RegExp): Promise<string> {
  try {
    const [banner] = await server.waitForOutput(ready, 60_000);
    await server.waitForUrl(`${APP}/`);
    const browser = new Browser();
    const admin = await logIn(browser, APP, "/admin", ADMIN, idp);
    expect(admin.body).toBe(`admin page for ${ADMIN.email}`);
    const home = await browser.navigate(`${APP}/`);
    expect([home.response.status, home.body]).toEqual([200, `home of ${ADMIN.email}`]);
    return banner;
  } finally {
    await server.stop();
    expect(await answers(`${APP}/`), "the port is free again").toBe(false);
  }
}

describe("the packed tarball", () => {
  it("holds the build: JavaScript, types for import and require, no sources or tests", () => {
    const exports = packed.manifest.exports as Record<string, unknown>;
    expect(Object.keys(exports)).toEqual([".", "./testing", "./package.json"]);
    expect(exports["."]).toEqual({
      import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
      default: { types: "./dist/index.d.cts", default: "./dist/index.js" },
    });
    expect(packed.manifest).not.toHaveProperty("devDependencies");
    expect(packed.manifest).not.toHaveProperty("scripts");
    expect(packed.manifest.peerDependencies).toHaveProperty("hono");
    for (const file of ["dist/index.js", "dist/index.d.ts", "dist/index.d.cts", "README.md"]) {
      expect(packed.files).toContain(file);
    }
    expect(packed.files.filter((f) => f.startsWith("src/") || /\.test\.|bun-/.test(f))).toEqual([]);
  });
});

describe("TypeScript in a consumer's project", () => {
  it.each([
    "esm bundler",
    "esm node16",
    "esm nodenext",
    "cjs bundler",
    "cjs node16",
    "cjs nodenext",
  ])("%s type-checks (skipLibCheck off)", (name) => {
    expect(typeChecks.get(name)).toBe("");
  });
});

// A server's start (wrangler bundles the Worker first) on a busy machine, then a sign-in.
describe("signs in and reaches a protected and an admin page", { timeout: 120_000 }, () => {
  const node24 = process.execPath;
  const cases: [string, string | undefined, "esm" | "cjs"][] = [
    ["Node 24, import", node24, "esm"],
    ["Node 24, require", node24, "cjs"],
    ...OTHER_NODES.flatMap((major): [string, string | undefined, "esm" | "cjs"][] => [
      [`Node ${major}, import`, nodes[major], "esm"],
      [`Node ${major}, require`, nodes[major], "cjs"],
    ]),
  ];
  for (const [name, binary, kind] of cases) {
    it.skipIf(binary === undefined)(`${name} (@hono/node-server)`, async () => {
      const server = startProcess(binary as string, ["dist/node.js"], {
        cwd: dirs[kind],
        env: processEnv({ ...settings(), PORT: String(PORT) }),
        label: name,
      });
      const banner = await signsIn(server, /listening on \d+ with Node ([\d.]+)/);
      expect(banner).toContain(`with Node ${name.match(/Node (\d+)/)?.[1]}.`);
    });
  }

  const bun = runtime("Bun", () => repoBin("bun"));
  it.skipIf(bun === undefined)("Bun (Bun.serve)", async () => {
    const server = startProcess(bun as string, ["dist/bun.js"], {
      cwd: dirs.esm,
      env: processEnv({ ...settings(), PORT: String(PORT) }),
      label: "bun",
    });
    await signsIn(server, /listening on \d+ with Bun/);
  });

  const deno = runtime("Deno", () => repoBin("deno"));
  it.skipIf(deno === undefined)("Deno (Deno.serve)", async () => {
    const server = startProcess(deno as string, ["run", "-A", "dist/deno.js"], {
      cwd: dirs.esm,
      env: processEnv({ ...settings(), PORT: String(PORT), DENO_NO_UPDATE_CHECK: "1" }),
      label: "deno",
    });
    await signsIn(server, /listening on \d+ with Deno/);
  });

  const wrangler = runtime("wrangler", () => repoBin("wrangler"));
  it.skipIf(wrangler === undefined)("workerd (wrangler dev, settings from c.env)", async () => {
    writeFileSync(
      join(dirs.worker, "wrangler.jsonc"),
      JSON.stringify({
        name: "consumer",
        main: "src/worker.ts",
        compatibility_date: "2026-11-01",
        compatibility_flags: ["nodejs_compat"],
      }),
    );
    const vars = Object.entries(settings()).flatMap(([name, value]) => [
      "--var",
      `${name}:${value}`,
    ]);
    const server = startProcess(
      process.execPath,
      [wrangler as string, "dev", "--port", String(PORT), "--ip", "127.0.0.1", ...vars],
      {
        cwd: dirs.worker,
        env: processEnv({
          WRANGLER_SEND_METRICS: "false",
          XDG_CONFIG_HOME: join(tmp, "config"),
        }),
        label: "wrangler dev",
      },
    );
    await signsIn(server, /Ready on http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe("the ./testing export", { timeout: 60_000 }, () => {
  const versions: [string, string | undefined][] = [
    ["24", process.execPath],
    ...OTHER_NODES.map((major): [string, string | undefined] => [String(major), nodes[major]]),
  ];
  for (const [version, binary] of versions) {
    for (const kind of ["esm", "cjs"] as const) {
      it.skipIf(binary === undefined)(
        `signs in with the test IdP on Node ${version} (${kind})`,
        async () => {
          const { stdout } = await run(binary as string, ["dist/testing.js"], {
            cwd: dirs[kind],
            env: processEnv({}),
          });
          expect(stdout.trim()).toBe("testing: login 302 /admin, admin 200");
        },
      );
    }
  }
});
