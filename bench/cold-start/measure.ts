import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cognitoAuth } from "@cognito-dashboard/cognito-auth";
import { cognitoIssuer, LOGIN_PATH } from "@cognito-dashboard/local-dev";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { Hono } from "hono";
import {
  DASHBOARD_FUNCTION,
  functionMemoryMb,
  runtimeNodeMajor,
} from "../../infra/dashboard-function.ts";
import {
  CLIENT_ID_ENV,
  CLIENT_NAME_ENV,
  DASHBOARD_CLIENT_NAME,
  HOSTED_UI_ENV,
} from "../../infra/naming.ts";
import { FakeCognito } from "../../tests/infra/fake-cognito.ts";
import { SST_KEY_FILE, writeResourceFile } from "../../tests/infra/sst-resource-file.ts";
import { lambdaNodeOptions } from "../../tests/rehearsal/runtime-client.ts";
import { type FakeHostedUi, startFakeHostedUi } from "../fake-hosted-ui.ts";
import { mintSessions, startSignIn } from "../mint-sessions.ts";
import type { BenchSettings } from "../settings.ts";
import { median, percentile } from "../stats.ts";
import { type BundleInfo, bundleLikeSst } from "./bundle.ts";
import { FUNCTION_URL_ORIGIN, functionUrlEvent } from "./function-url-event.ts";

/**
 * What runs in each fresh process, as plain JavaScript (no TypeScript loader in the way): import
 * the bundle, answer one event, report. `performance.now()` counts from the process's start.
 * With BENCH_FETCH_MAP, URLs under a prefix go elsewhere (the JWKS at Cognito's address, to the
 * local fake), as a hosts-file entry would send them; nothing else is changed.
 */
const RUNNER = `
if (process.env.BENCH_FETCH_MAP) {
  const map = Object.entries(JSON.parse(process.env.BENCH_FETCH_MAP));
  const real = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : null;
    const hit = url && map.find(([from]) => url.startsWith(from));
    return hit ? real(hit[1] + url.slice(hit[0].length), init) : real(input, init);
  };
}
const booted = performance.now();
const mod = await import(process.env.BENCH_BUNDLE_URL);
const imported = performance.now();
const res = await mod.handler(JSON.parse(process.env.BENCH_EVENT), { awsRequestId: "bench" });
const answered = performance.now();
const cpu = process.cpuUsage();
const line = JSON.stringify({ booted, imported, answered, cpuMs: (cpu.user + cpu.system) / 1000, status: res.statusCode,
  location: res.headers?.location, cookies: (res.cookies ?? []).length,
  maxRssKiB: process.resourceUsage().maxRSS });
process.stdout.write(line + "\\n", () => process.exit(0));
`;

/** The delay every fake AWS answer gets: a TLS round trip within a region, roughly. */
export const FAKE_LATENCY_MS = 25;

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
  /** CPU time the process used until it answered (user + system): what other work on the
   * machine cannot inflate, unlike the wall time. */
  medianCpuMs: number;
  /** Peak resident memory of the process (`process.resourceUsage().maxRSS`). */
  medianPeakRssMiB: number;
  maxPeakRssMiB: number;
  /** What the first event got. */
  status: number;
  location?: string;
  /** Calls one cold start made to the fakes (Cognito's API, the hosted UI), by operation. */
  discoveryCalls: Record<string, number>;
  /** For the first callback: whether the JWKS request started before the token answer came. */
  jwksWhileExchanging?: boolean;
  /** For scale, on the dashboard: the Cognito SDK client alone with one command, bundled the same way. */
  sdkClientAloneBytes?: number;
  /**
   * The dashboard's scenarios against the bare handler, sample by sample: each sample with the
   * bare sample of its turn (the handlers take turns, so a slow minute of the machine falls on
   * both). The median of those ratios (and their quartiles), and of the differences.
   */
  vsBare?: PairedComparison;
}

/** A scenario's samples against the bare handler's of the same turns. */
export interface PairedComparison {
  medianRatio: number;
  q1Ratio: number;
  q3Ratio: number;
  medianAddedMs: number;
}

/**
 * A scenario against the bare handler: the median of paired ratios, or (results saved before the
 * pairing) the ratio of the medians.
 * @example vsBareRatio(returning, bare) // 1.26
 */
export function vsBareRatio(result: ColdStartResult, bare: ColdStartResult): number {
  return result.vsBare?.medianRatio ?? result.medianMs / bare.medianMs;
}

/**
 * The milliseconds a scenario adds over the bare handler: the median of paired differences, or
 * (results saved before the pairing) the difference of the medians.
 * @example vsBareAddedMs(returning, bare) // 24.1
 */
export function vsBareAddedMs(result: ColdStartResult, bare: ColdStartResult): number {
  return result.vsBare?.medianAddedMs ?? result.medianMs - bare.medianMs;
}

/** " (interquartile 1.21–1.31)" for a paired comparison, "" without one. */
export function interquartileText(result: ColdStartResult): string {
  const paired = result.vsBare;
  return paired ? ` (interquartile ${paired.q1Ratio.toFixed(2)}–${paired.q3Ratio.toFixed(2)})` : "";
}

/**
 * Each sample of `scenario` against the `bare` sample of the same turn (same index).
 * @example pairedWithBare([110, 130], [100, 100]) // { medianRatio: 1.2, ..., medianAddedMs: 20 }
 */
export function pairedWithBare(
  scenario: readonly number[],
  bare: readonly number[],
): PairedComparison {
  if (scenario.length === 0 || scenario.length !== bare.length) {
    throw new Error(
      `cannot pair ${scenario.length} samples with ${bare.length} of the bare handler`,
    );
  }
  const ratios = scenario.map((ms, i) => ms / (bare[i] as number));
  return {
    medianRatio: median(ratios),
    q1Ratio: percentile(ratios, 25),
    q3Ratio: percentile(ratios, 75),
    medianAddedMs: median(scenario.map((ms, i) => ms - (bare[i] as number))),
  };
}

interface Sample {
  wallMs: number;
  booted: number;
  imported: number;
  answered: number;
  cpuMs: number;
  status: number;
  location?: string;
  cookies: number;
  maxRssKiB: number;
}

interface Handler {
  id: string;
  label: string;
  entry: string;
  env: Record<string, string>;
  /** The event of one sample (prepared before the process starts, never timed). */
  event: () => Promise<LambdaFunctionURLEvent>;
  /** The status the first event must get, or the run is wrong. */
  expect: number;
}

const POOL_ID = "us-east-1_BenchPool1";
const CLIENT_ID = "benchclient000000000000001";
const CLIENT_SECRET = "bench-client-secret-answered-by-the-fake";

/**
 * Bundles the bare Hono baseline and the dashboard's Lambda handler exactly as the stack builds
 * it, then starts a new `node` process per sample for each scenario (taking turns, so drift hits
 * all alike) and times it to the first answered Function URL event: the bare handler's `GET /`;
 * the dashboard's `GET /` with a returning user's session cookie; its first `/login/cognito`; its
 * first callback. Cognito's API, the token endpoint and the JWKS are local fakes that answer after
 * {@link FAKE_LATENCY_MS}.
 * @example const results = await measureColdStarts(FULL.coldStart, console.log)
 */
export async function measureColdStarts(
  settings: BenchSettings["coldStart"],
  log: (line: string) => void,
  options: { sdkForScale?: boolean } = {},
): Promise<ColdStartResult[]> {
  const dir = await mkdtemp(join(tmpdir(), "cdash-bench-"));
  const fixture = await startDashboardFixture();
  const { cognito, hostedUi, helper, returning } = fixture;
  try {
    const deployed = fixture.deployed;
    const dashboard = fileURLToPath(
      new URL("../../packages/dashboard/src/lambda.ts", import.meta.url),
    );
    const handlers: Handler[] = [
      {
        id: "bare",
        label: "bare Hono handler, `GET /` (baseline)",
        entry: fileURLToPath(new URL("./bare-lambda.ts", import.meta.url)),
        env: {},
        event: async () => functionUrlEvent("/"),
        expect: 200,
      },
      {
        id: "returning",
        label: "dashboard, `GET /` with a returning user's session cookie",
        entry: dashboard,
        env: deployed,
        event: async () => functionUrlEvent("/", returning),
        expect: 200,
      },
      {
        id: "first-login",
        label: `dashboard, first \`${LOGIN_PATH}\` (client secret from Cognito, ${FAKE_LATENCY_MS} ms away)`,
        entry: dashboard,
        env: deployed,
        event: async () => functionUrlEvent(LOGIN_PATH),
        expect: 302,
      },
      {
        id: "first-callback",
        label: `dashboard, first callback (Cognito API, token endpoint and JWKS ${FAKE_LATENCY_MS} ms away each)`,
        entry: dashboard,
        env: {
          ...deployed,
          BENCH_FETCH_MAP: JSON.stringify({
            [`${cognitoIssuer(POOL_ID)}/`]: `${hostedUi.url}/${POOL_ID}/`,
          }),
        },
        event: async () => {
          hostedUi.latencyMs = 0;
          const attempt = await startSignIn(helper, hostedUi, FUNCTION_URL_ORIGIN);
          hostedUi.latencyMs = FAKE_LATENCY_MS;
          return functionUrlEvent(attempt.callbackUrl, attempt.cookie);
        },
        expect: 302,
      },
    ];
    // One build per entry file, all at once.
    const builds = new Map<string, Promise<BundleInfo>>();
    for (const handler of handlers) {
      if (!builds.has(handler.entry)) {
        builds.set(handler.entry, bundleLikeSst(handler.entry, join(dir, handler.id)));
      }
    }
    const bundles = new Map<string, BundleInfo>();
    for (const handler of handlers) {
      bundles.set(handler.id, await (builds.get(handler.entry) as Promise<BundleInfo>));
    }
    // resource.enc beside the dashboard's bundle, as SST writes it.
    const dashboardBundle = bundles.get("returning") as BundleInfo;
    await writeResourceFile(dirname(dashboardBundle.file), fixture.links, fixture.sstKey);
    const sdkAlone =
      options.sdkForScale === false
        ? undefined
        : await bundleLikeSst(
            fileURLToPath(new URL("./sdk-client-alone.ts", import.meta.url)),
            join(dir, "sdk-client-alone"),
          );
    const samples = new Map<string, Sample[]>(handlers.map((h) => [h.id, []]));
    const calls = new Map<string, Record<string, number>>();
    const overlap = new Map<string, boolean[]>();
    const total = settings.warmupSamples + settings.samples;
    for (let i = 0; i < total; i++) {
      for (const handler of handlers) {
        const event = await handler.event();
        cognito.requests = [];
        hostedUi.log = [];
        const bundle = bundles.get(handler.id) as BundleInfo;
        const sample = await coldStartOnce(bundle.file, handler.env, event);
        if (sample.status !== handler.expect) {
          throw new Error(
            `cold start ${handler.id}: status ${sample.status}, expected ${handler.expect}`,
          );
        }
        if (i < settings.warmupSamples) continue;
        samples.get(handler.id)?.push(sample);
        const seen: Record<string, number> = { ...cognito.counts() };
        for (const entry of hostedUi.log) {
          const name = entry.path.endsWith("jwks.json") ? "JWKS" : entry.path;
          seen[name] = (seen[name] ?? 0) + 1;
        }
        calls.set(handler.id, seen);
        const token = hostedUi.log.find((e) => e.path === "/oauth2/token");
        const jwks = hostedUi.log.find((e) => e.path.endsWith("jwks.json"));
        if (token && jwks) {
          overlap.set(handler.id, [
            ...(overlap.get(handler.id) ?? []),
            jwks.receivedAt < token.answeredAt,
          ]);
        }
      }
    }
    const bareWalls = (samples.get("bare") ?? []).map((s) => s.wallMs);
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
        medianCpuMs: median(done.map((s) => s.cpuMs)),
        medianPeakRssMiB: median(done.map((s) => s.maxRssKiB / 1024)),
        maxPeakRssMiB: Math.max(...done.map((s) => s.maxRssKiB / 1024)),
        status: first?.status ?? 0,
        discoveryCalls: calls.get(handler.id) ?? {},
      };
      if (first?.location) result.location = first.location;
      const overlaps = overlap.get(handler.id);
      if (overlaps?.length) result.jwksWhileExchanging = overlaps.every(Boolean);
      if (handler.id === "returning" && sdkAlone) result.sdkClientAloneBytes = sdkAlone.bytes;
      if (handler.id !== "bare") {
        result.vsBare = pairedWithBare(
          done.map((s) => s.wallMs),
          bareWalls,
        );
      }
      log(
        `  cold start ${handler.id}: median ${result.medianMs.toFixed(1)} ms over ${done.length}`,
      );
      return result;
    });
  } finally {
    await fixture.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** What a cold start of the deployed dashboard needs around it, shared by both measures. */
export interface DashboardFixture {
  cognito: FakeCognito;
  hostedUi: FakeHostedUi;
  /** The middleware as the deployed function configures it, in this process. */
  helper: Hono;
  /** A returning user's session cookie, sealed for the deployed function. */
  returning: string;
  /** The linked resources, as `resource.enc` holds them. */
  links: Record<string, Record<string, string>>;
  /** The key `resource.enc` is sealed with (base64), as `SST_KEY`. */
  sstKey: string;
  /** The function's variables as the stack sets them, plus the fake Cognito's endpoint. */
  deployed: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the fakes (Cognito's API, the hosted UI, both {@link FAKE_LATENCY_MS} away) and signs a
 * returning user in, for cold starts of the dashboard.
 * @example const fixture = await startDashboardFixture(); try { ... } finally { await fixture.close(); }
 */
export async function startDashboardFixture(): Promise<DashboardFixture> {
  const cognito = new FakeCognito();
  await cognito.start();
  const hostedUi = await startFakeHostedUi({
    userPoolId: POOL_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    latencyMs: FAKE_LATENCY_MS,
  });
  cognito.pools.set(POOL_ID, {
    domain: "cdash-bench",
    clients: [
      { ClientId: CLIENT_ID, ClientName: DASHBOARD_CLIENT_NAME, ClientSecret: CLIENT_SECRET },
    ],
  });
  cognito.latencyMs = FAKE_LATENCY_MS;
  const sessionSecret = randomBytes(32).toString("base64");
  const sstKey = randomBytes(32).toString("base64");
  const links = {
    UserPool: { id: POOL_ID, type: "sst.sst.Linkable" },
    SessionSecret: { value: sessionSecret, type: "sst.sst.Secret" },
  };
  // The same middleware settings in this process, to sign in and start sign-ins whose cookies
  // the fresh processes then open (same session secret, same client).
  const helper = helperApp(hostedUi, sessionSecret);
  hostedUi.latencyMs = 0;
  const [returning] = await mintSessions(helper, hostedUi, 1, FUNCTION_URL_ORIGIN);
  hostedUi.latencyMs = FAKE_LATENCY_MS;
  return {
    cognito,
    hostedUi,
    helper,
    returning: returning as string,
    links,
    sstKey,
    deployed: {
      // As SST sets them: the key, and the file beside the bundle (relative: run from its folder).
      SST_KEY: sstKey,
      SST_KEY_FILE: SST_KEY_FILE,
      SST_RESOURCE_App: JSON.stringify({ name: "cognito-dashboard", stage: "bench" }),
      // What infra/dashboard.ts sets: the client's name, and after the deploy its id and domain.
      [CLIENT_NAME_ENV]: DASHBOARD_CLIENT_NAME,
      [CLIENT_ID_ENV]: CLIENT_ID,
      [HOSTED_UI_ENV]: hostedUi.url,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.url,
    },
    close: async () => {
      await cognito.stop();
      await hostedUi.close();
    },
  };
}

/** The middleware as the deployed dashboard configures it, in this process, on the fake. */
function helperApp(idp: FakeHostedUi, sessionSecret: string): Hono {
  const app = new Hono();
  app.use(
    cognitoAuth({
      domain: idp.url,
      userPoolId: POOL_ID,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      jwksUri: idp.jwksUri,
      sessionSecrets: [sessionSecret],
    }),
  );
  app.get("/", (c) => c.text("signed in"));
  return app;
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
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functionMemoryMb()),
    AWS_EXECUTION_ENV: `AWS_Lambda_${DASHBOARD_FUNCTION.runtime}`,
    ...extra,
  };
}

function coldStartOnce(
  bundleFile: string,
  env: Record<string, string>,
  event: LambdaFunctionURLEvent,
): Promise<Sample> {
  const major = Number(process.versions.node.split(".")[0]);
  if (major !== runtimeNodeMajor()) {
    throw new Error(
      `the bench runs Node ${major}; the function runs ${DASHBOARD_FUNCTION.runtime}: cold starts would not compare`,
    );
  }
  // With the options Lambda's bootstrap gives `node` for the function's memory.
  const options = [...lambdaNodeOptions(functionMemoryMb()), "--input-type=module", "-e", RUNNER];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Run from the bundle's folder, as Lambda runs from its task root: SST_KEY_FILE is relative.
    const child = spawn(process.execPath, options, {
      cwd: dirname(bundleFile),
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
