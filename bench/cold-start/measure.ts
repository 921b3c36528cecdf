import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CALLBACK_PATH, localOrigins } from "@cognito-dashboard/local-dev";
import { DASHBOARD_FUNCTION } from "../../infra/dashboard-function.ts";
import { CLIENT_NAME_ENV, DASHBOARD_CLIENT_NAME } from "../../infra/naming.ts";
import { type FakePool, startFakeCognito } from "../fake-cognito.ts";
import type { BenchSettings } from "../settings.ts";
import { median } from "../stats.ts";
import { type BundleInfo, bundleLikeSst } from "./bundle.ts";
import { FUNCTION_URL_HOST, functionUrlEvent } from "./function-url-event.ts";
import { writeSstLinks } from "./sst-links.ts";

/**
 * What runs in each fresh process, as plain JavaScript (no TypeScript loader in the way): import
 * the bundle, answer one event, report. `performance.now()` counts from the process's start.
 */
const RUNNER = `
const booted = performance.now();
const mod = await import(process.env.BENCH_BUNDLE_URL);
const imported = performance.now();
const res = await mod.handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: "bench" });
const answered = performance.now();
const line = JSON.stringify({ booted, imported, answered, status: res.statusCode,
  location: res.headers?.location, maxRssKiB: process.resourceUsage().maxRSS });
process.stdout.write(line + "\\n", () => process.exit(0));
`;

/** One handler's cold starts. */
export interface ColdStartResult {
  id: string;
  label: string;
  bundle: Omit<BundleInfo, "file">;
  samples: number;
  /** Spawn of a new `node` process to the handler's first answer, as the parent saw it. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Inside the process: Node's own start, the bundle's import (init), the first event. */
  medianBootMs: number;
  medianInitMs: number;
  medianFirstEventMs: number;
  /** Peak resident memory of the process (`process.resourceUsage().maxRSS`). */
  medianPeakRssMiB: number;
  maxPeakRssMiB: number;
  /** What the first event got: the bare handler 200, the dashboard a redirect to sign in. */
  status: number;
  location?: string;
  /** Cognito calls one cold start made (answered by the local fake). */
  discoveryCalls: Record<string, number>;
  /** For scale, on the dashboard: the Cognito SDK client alone with one command, bundled the same way. */
  sdkClientAloneBytes?: number;
}

interface Sample {
  wallMs: number;
  booted: number;
  imported: number;
  answered: number;
  status: number;
  location?: string;
  maxRssKiB: number;
}

interface Handler {
  id: string;
  label: string;
  entry: string;
  env: Record<string, string>;
}

const BENCH_POOL: FakePool = {
  userPoolId: "us-east-1_BenchPool1",
  clientId: "benchclient000000000000001",
  clientSecret: "bench-client-secret-answered-by-the-local-fake",
  clientName: DASHBOARD_CLIENT_NAME,
  domainPrefix: "cdash-bench",
  callbackUrls: [`https://${FUNCTION_URL_HOST}${CALLBACK_PATH}`, ...localOrigins()],
  logoutUrls: [`https://${FUNCTION_URL_HOST}/`],
};

/**
 * Bundles the bare Hono baseline and the dashboard's Lambda handler as SST would, then starts a
 * new `node` process per sample for each (alternating, so drift hits both alike) and times it to
 * the first answered Function URL event. Cognito discovery goes to a local fake.
 * @example const [bare, dashboard] = await measureColdStarts(FULL.coldStart, console.log)
 */
export async function measureColdStarts(
  settings: BenchSettings["coldStart"],
  log: (line: string) => void,
): Promise<ColdStartResult[]> {
  const dir = await mkdtemp(join(tmpdir(), "cdash-bench-"));
  const fake = await startFakeCognito(BENCH_POOL);
  try {
    const handlers: Handler[] = [
      {
        id: "bare",
        label: "bare Hono handler (baseline)",
        entry: fileURLToPath(new URL("./bare-lambda.ts", import.meta.url)),
        env: {},
      },
      {
        id: "dashboard",
        label: "dashboard handler (middleware + SDK discovery)",
        entry: fileURLToPath(new URL("../../packages/dashboard/src/lambda.ts", import.meta.url)),
        env: {
          ...dashboardEnv(fake.endpoint),
          ...(await writeSstLinks(dir, {
            UserPool: { id: BENCH_POOL.userPoolId, type: "sst.sst.Linkable" },
            SessionSecret: { value: randomBytes(32).toString("base64"), type: "sst.sst.Secret" },
          })),
        },
      },
      {
        // The same bundle, configured by variables instead: the SDK's code is parsed but never
        // run, so the difference to "dashboard" is what discovery costs at init.
        id: "dashboard-env",
        label: "same bundle, settings from COGNITO_* variables, no discovery (info)",
        entry: fileURLToPath(new URL("../../packages/dashboard/src/lambda.ts", import.meta.url)),
        env: {
          COGNITO_DOMAIN: BENCH_POOL.domainPrefix,
          COGNITO_REGION: "us-east-1",
          COGNITO_USER_POOL_ID: BENCH_POOL.userPoolId,
          COGNITO_CLIENT_ID: BENCH_POOL.clientId,
          COGNITO_CLIENT_SECRET: BENCH_POOL.clientSecret,
          SESSION_SECRET: randomBytes(32).toString("base64"),
        },
      },
    ];
    const bundles = new Map<string, BundleInfo>();
    for (const handler of handlers) {
      const same = [...bundles].find(
        ([id]) => handlers.find((h) => h.id === id)?.entry === handler.entry,
      );
      bundles.set(
        handler.id,
        same?.[1] ?? (await bundleLikeSst(handler.entry, join(dir, handler.id))),
      );
    }
    const sdkAlone = await bundleLikeSst(
      fileURLToPath(new URL("./sdk-client-alone.ts", import.meta.url)),
      join(dir, "sdk-client-alone"),
    );
    const samples = new Map<string, Sample[]>(handlers.map((h) => [h.id, []]));
    const calls = new Map<string, Record<string, number>>();
    const total = settings.warmupSamples + settings.samples;
    for (let i = 0; i < total; i++) {
      for (const handler of handlers) {
        fake.calls.clear();
        const bundle = bundles.get(handler.id) as BundleInfo;
        const sample = await coldStartOnce(bundle.file, handler.env);
        if (i >= settings.warmupSamples) samples.get(handler.id)?.push(sample);
        calls.set(handler.id, Object.fromEntries(fake.calls));
      }
    }
    return handlers.map((handler) => {
      const done = samples.get(handler.id) ?? [];
      const { file: _file, ...bundle } = bundles.get(handler.id) as BundleInfo;
      const first = done[0];
      const result: ColdStartResult = {
        id: handler.id,
        label: handler.label,
        bundle,
        samples: done.length,
        medianMs: median(done.map((s) => s.wallMs)),
        minMs: Math.min(...done.map((s) => s.wallMs)),
        maxMs: Math.max(...done.map((s) => s.wallMs)),
        medianBootMs: median(done.map((s) => s.booted)),
        medianInitMs: median(done.map((s) => s.imported - s.booted)),
        medianFirstEventMs: median(done.map((s) => s.answered - s.imported)),
        medianPeakRssMiB: median(done.map((s) => s.maxRssKiB / 1024)),
        maxPeakRssMiB: Math.max(...done.map((s) => s.maxRssKiB / 1024)),
        status: first?.status ?? 0,
        discoveryCalls: calls.get(handler.id) ?? {},
      };
      if (first?.location) result.location = first.location;
      if (handler.id === "dashboard") result.sdkClientAloneBytes = sdkAlone.bytes;
      log(
        `  cold start ${handler.id}: median ${result.medianMs.toFixed(1)} ms over ${done.length}`,
      );
      return result;
    });
  } finally {
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The dashboard function's own variables, as infra/dashboard.ts sets them (the app client's name),
 * with the SDK's endpoint pointed at the fake. The links come from {@link writeSstLinks}.
 */
function dashboardEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
    [CLIENT_NAME_ENV]: BENCH_POOL.clientName,
  };
}

function lambdaEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: tmpdir(),
    TZ: ":UTC",
    LANG: "en_US.UTF-8",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    AWS_SESSION_TOKEN: "bench-dummy-session-token",
    AWS_CONFIG_FILE: "/nonexistent/aws-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/aws-credentials",
    AWS_LAMBDA_FUNCTION_NAME: "cdash-bench",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(Number.parseInt(DASHBOARD_FUNCTION.memory, 10)),
    AWS_EXECUTION_ENV: `AWS_Lambda_${DASHBOARD_FUNCTION.runtime}`,
    ...extra,
  };
}

function coldStartOnce(bundleFile: string, env: Record<string, string>): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const event = functionUrlEvent("/");
    const started = performance.now();
    const child = spawn(process.execPath, ["--input-type=module", "-e", RUNNER], {
      env: lambdaEnv({
        ...env,
        BENCH_BUNDLE_URL: new URL(`file://${bundleFile}`).href,
        BENCH_EVENT: JSON.stringify(event),
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let wallMs: number | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (wallMs === undefined && out.includes("\n")) wallMs = performance.now() - started;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      const line = out.split("\n")[0] ?? "";
      if (code !== 0 || wallMs === undefined || !line) {
        return reject(
          new Error(`cold start of ${bundleFile} failed (exit ${code}): ${err.trim()}`),
        );
      }
      const report = JSON.parse(line) as Omit<Sample, "wallMs">;
      resolve({ ...report, wallMs });
    });
  });
}
