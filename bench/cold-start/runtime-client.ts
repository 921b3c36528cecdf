/**
 * Cold starts as Lambda runs them: each handler built as `sst deploy` builds it, run under AWS's
 * runtime interface client (`aws-lambda-ric`) against an emulated Runtime API, behind a Function
 * URL front (tests/rehearsal), and timed from the request that finds no environment (so one is
 * spawned) to its answer at the front. The bare Hono handler and the dashboard take turns (paired
 * samples), in several rounds; the ratio of each pair is what compares, so the machine's drift
 * hits both alike. The direct measure (measure.ts: a fresh `node` that imports the bundle and
 * calls the handler once) stays beside it, labelled.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { LOGIN_PATH } from "@cognito-dashboard/local-dev";
import { DASHBOARD_FUNCTION, functionMemoryMb } from "../../infra/dashboard-function.ts";
import { writeResourceFile } from "../../tests/infra/sst-resource-file.ts";
import { functionUrl } from "../../tests/rehearsal/function-url.ts";
import { LambdaService } from "../../tests/rehearsal/lambda-service.ts";
import {
  runtimeClientCommand,
  runtimeClientProblem,
} from "../../tests/rehearsal/runtime-client.ts";
import { median } from "../stats.ts";
import { bundleLikeSst } from "./bundle.ts";
import { FUNCTION_URL_HOST } from "./function-url-event.ts";
import { startDashboardFixture } from "./measure.ts";

/** One scenario's cold starts under the runtime client. */
export interface RuntimeClientScenario {
  id: "bare" | "returning" | "first-login";
  label: string;
  status: number;
  /** Request to answer through the front, a new environment each time. */
  medianMs: number;
  /** For the dashboard's scenarios: median of each pair's ratio to the bare sample beside it. */
  medianRatio?: number;
  /** The same, per round. */
  roundRatios?: number[];
}

export type RuntimeClientColdStarts =
  | { skipped: string }
  | { rounds: number; pairsPerRound: number; scenarios: RuntimeClientScenario[] };

/** How many cold starts to take. */
export interface RuntimeClientSettings {
  rounds: number;
  /** Pairs (bare, then each dashboard scenario) per round. */
  pairsPerRound: number;
}

interface Target {
  id: RuntimeClientScenario["id"];
  label: string;
  path: string;
  cookie?: string;
  expect: number;
  lambda: LambdaService;
}

/**
 * Runs the measure, or says in one line why it cannot (the runtime client's addon not built).
 * @example const result = await measureRuntimeClientColdStarts({ rounds: 3, pairsPerRound: 5 }, console.log)
 */
export async function measureRuntimeClientColdStarts(
  settings: RuntimeClientSettings,
  log: (line: string) => void,
): Promise<RuntimeClientColdStarts> {
  const problem = runtimeClientProblem();
  if (problem) {
    log(`  cold start under the runtime client: skipped: ${problem}`);
    return { skipped: problem };
  }
  const dir = await mkdtemp(join(tmpdir(), "cdash-bench-ric-"));
  const fixture = await startDashboardFixture();
  const services: LambdaService[] = [];
  const servers: Server[] = [];
  try {
    const bare = await bundleLikeSst(
      new URL("./bare-lambda.ts", import.meta.url).pathname,
      join(dir, "bare"),
    );
    const dashboard = await bundleLikeSst(
      new URL("../../packages/dashboard/src/lambda.ts", import.meta.url).pathname,
      join(dir, "dashboard"),
    );
    await writeResourceFile(dirname(dashboard.file), fixture.links, fixture.sstKey);
    const memoryMb = functionMemoryMb();
    // `node` started as Lambda's bootstrap starts it, with the function's memory.
    const [command, args] = runtimeClientCommand(memoryMb);
    const service = (taskRoot: string, variables: Record<string, string>) => {
      const lambda = new LambdaService(
        {
          name: "cdash-bench",
          region: "us-east-1",
          accountId: "123456789012",
          handler: "bundle.handler",
          runtime: DASHBOARD_FUNCTION.runtime,
          memoryMb,
          timeoutSeconds: 20,
          logGroup: "/aws/lambda/cdash-bench",
          variables,
        },
        taskRoot,
        { command, args },
      );
      services.push(lambda);
      return lambda;
    };
    const targets: Target[] = [
      {
        id: "bare",
        label: "bare Hono handler, `GET /` (baseline)",
        path: "/",
        expect: 200,
        lambda: service(dirname(bare.file), {}),
      },
      {
        id: "returning",
        label: "dashboard, `GET /` with a returning user's session cookie",
        path: "/",
        cookie: fixture.returning,
        expect: 200,
        lambda: service(dirname(dashboard.file), fixture.deployed),
      },
      {
        id: "first-login",
        label: `dashboard, first \`${LOGIN_PATH}\``,
        path: LOGIN_PATH,
        expect: 302,
        lambda: service(dirname(dashboard.file), fixture.deployed),
      },
    ];
    // One front per target, each the Function URL of its own function.
    const fronts = new Map<string, string>();
    for (const target of targets) {
      const server = createServer(functionUrl(FUNCTION_URL_HOST, target.lambda));
      await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
      fronts.set(target.id, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      servers.push(server);
    }
    const samples = new Map<string, number[][]>(targets.map((t) => [t.id, []]));
    const statuses = new Map<string, number>();
    const coldAnswer = async (target: Target) => {
      await target.lambda.recycle();
      const started = performance.now();
      const answer = await fetch(`${fronts.get(target.id)}${target.path}`, {
        redirect: "manual",
        headers: { accept: "text/html", ...(target.cookie ? { cookie: target.cookie } : {}) },
        signal: AbortSignal.timeout(30_000),
      });
      await answer.arrayBuffer();
      const ms = performance.now() - started;
      if (answer.status !== target.expect) {
        throw new Error(
          `cold start under the runtime client, ${target.id}: status ${answer.status}, expected ${target.expect}\n${target.lambda.logs.slice(-5).join("\n")}`,
        );
      }
      statuses.set(target.id, answer.status);
      return ms;
    };
    // One unmeasured cold start each first: the file cache warm for all alike.
    for (const target of targets) await coldAnswer(target);
    for (let round = 0; round < settings.rounds; round++) {
      for (const target of targets) samples.get(target.id)?.push([]);
      for (let pair = 0; pair < settings.pairsPerRound; pair++) {
        for (const target of targets) {
          samples
            .get(target.id)
            ?.at(-1)
            ?.push(await coldAnswer(target));
        }
      }
    }
    const bareRounds = samples.get("bare") ?? [];
    const scenarios = targets.map((target): RuntimeClientScenario => {
      const rounds = samples.get(target.id) ?? [];
      const scenario: RuntimeClientScenario = {
        id: target.id,
        label: target.label,
        status: statuses.get(target.id) ?? 0,
        medianMs: median(rounds.flat()),
      };
      if (target.id !== "bare") {
        const ratios = rounds.map((round, r) =>
          round.map((ms, i) => ms / (bareRounds[r]?.[i] ?? Number.NaN)),
        );
        scenario.medianRatio = median(ratios.flat());
        scenario.roundRatios = ratios.map((round) => median(round));
      }
      log(
        `  cold start under the runtime client ${target.id}: median ${scenario.medianMs.toFixed(1)} ms${scenario.medianRatio ? `, ${scenario.medianRatio.toFixed(2)}x bare` : ""}`,
      );
      return scenario;
    });
    return { rounds: settings.rounds, pairsPerRound: settings.pairsPerRound, scenarios };
  } finally {
    for (const s of services) await s.close();
    for (const server of servers) server.close();
    await fixture.close();
    await rm(dir, { recursive: true, force: true });
  }
}
