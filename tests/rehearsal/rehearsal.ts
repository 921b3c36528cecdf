/**
 * The deploy rehearsal: the dashboard as `sst deploy` would ship it, run as Lambda would run it,
 * on AWS's host names, offline.
 *
 * 1. The real sst.config.ts runs under the infrastructure harness (tests/infra/sst-harness.ts):
 *    SST's component zips what SST's builder built, and the recorded Lambda function gives the
 *    handler, runtime, memory, timeout and variables exactly as the deploy sets them;
 *    `addEnvironment`'s update (an SST dynamic resource that sets the client id and hosted-UI URL
 *    after the client exists) is applied like a later UpdateFunctionConfiguration, or held back.
 * 2. The zip is unpacked into a task root, and each execution environment runs it under AWS's
 *    runtime interface client (`aws-lambda-ric`) against its own Runtime API (lambda-service.ts),
 *    in a mount namespace whose /etc/hosts sends AWS's names to 127.0.0.1.
 * 3. A TLS server on 127.0.0.1:443 (aws-edge.ts) answers for those names with a private CA's
 *    certificate: the Function URL (function-url.ts, payload 2.0), and the mock IdP as Cognito's
 *    hosted UI and as `cognito-idp.<region>.amazonaws.com` (API and JWKS). The function trusts the
 *    CA through NODE_EXTRA_CA_CERTS, the one variable the rehearsal adds; a browser through the
 *    flags in `chromiumArgs`.
 *
 * From a test:
 *   const r = await startRehearsal();           // throws RehearsalUnavailable with one line if it cannot run
 *   const browser = await chromium.launch({ args: r.chromiumArgs, ... });
 *   await page.goto(`${r.functionUrl}/admin`);  // signs in at r.hostedUi with the mock's users
 *   await r.lambda.recycle();                   // the next request is a cold start
 *   r.lambda.updateVariables({ ...r.deployedVariables }); // a configuration change without the update
 *   await r.stop();
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type MockIdp, startMockIdp } from "@cognito-dashboard/mock-idp";
import { unzipSync } from "fflate";
import { ensureSstPlatform } from "../../scripts/sst-platform.ts";
import { FAKE, type RecordedResource, runStack } from "../infra/sst-harness.ts";
import { type AwsEdge, proxyTo, startAwsEdge } from "./aws-edge.ts";
import { functionUrl } from "./function-url.ts";
import { LambdaService } from "./lambda-service.ts";
import { makePrivateCa } from "./private-ca.ts";
import {
  hostsFileText,
  privateHostsProblem,
  runtimeClientLauncher,
  runtimeClientProblem,
} from "./runtime-client.ts";

/** The rehearsal cannot run on this machine; the message says why in one line. */
export class RehearsalUnavailable extends Error {
  override name = "RehearsalUnavailable";
}

export interface RehearsalOptions {
  /** The stage the stack is evaluated for. Default `rehearsal`. */
  stage?: string;
  /** Whether addEnvironment's update has landed when the first environment starts. Default true. */
  environmentUpdate?: "landed" | "pending";
  /** Each line the function writes, as it comes (the lines are also kept in `lambda.logs`). */
  onLog?: (line: string) => void;
}

export interface Rehearsal {
  /** The Function URL's origin, `https://<id>.lambda-url.<region>.on.aws`. */
  functionUrl: string;
  /** The hosted UI's origin, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  hostedUi: string;
  idp: MockIdp;
  lambda: LambdaService;
  /** The function's variables as the deploy leaves them before addEnvironment's update. */
  deployedVariables: Record<string, string>;
  /** The variables addEnvironment's update adds. */
  environmentUpdate: Record<string, string>;
  /** The deployment zip, as SST's component wrote it. */
  zip: { path: string; bytes: number; files: string[] };
  handler: string;
  /** Chromium flags that send AWS's names to the edge and trust its certificate. */
  chromiumArgs: string[];
  /** The names the edge answers for (Function URL, hosted UI, cognito-idp), for a hosts file. */
  awsNames: string[];
  /** The private CA's certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** The stack's outputs, as `sst deploy` writes them to `.sst/outputs.json`. */
  outputs: Record<string, unknown>;
  /** AWS's side: a test may route a name elsewhere (a Cognito that refuses, another pool). */
  edge: AwsEdge;
  stop(): Promise<void>;
}

/**
 * Starts a rehearsal (about 10 to 30 s: the stack's evaluation and build dominate).
 * @example const r = await startRehearsal(); try { ... } finally { await r.stop(); }
 */
export async function startRehearsal(options: RehearsalOptions = {}): Promise<Rehearsal> {
  const problem = runtimeClientProblem() ?? privateHostsProblem();
  if (problem) throw new RehearsalUnavailable(problem);
  ensureSstPlatform();
  const dir = await mkdtemp(join(tmpdir(), "rehearsal-"));
  const cleanups: (() => Promise<void>)[] = [() => rm(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const stack = await runStack({
      stage: options.stage ?? "rehearsal",
      env: { SST_SECRET_SessionSecret: randomBytes(32).toString("base64") },
      keepZips: join(dir, "zips"),
    });
    const one = (type: string): RecordedResource => {
      const found = stack.resources.filter((r) => r.type === type);
      if (found.length !== 1) throw new Error(`the stack has ${found.length} ${type}`);
      return found[0] as RecordedResource;
    };
    const fn = one("aws:lambda/function:Function").inputs;
    const client = one("aws:cognito/userPoolClient:UserPoolClient").inputs;
    const update = stack.resources.find((r) =>
      r.name.endsWith(".sst.aws.FunctionEnvironmentUpdate"),
    )?.inputs.environment as Record<string, string> | undefined;
    if (!update) throw new Error("the stack has no addEnvironment update");
    const zipPath = stack.zips.Dashboard;
    if (!zipPath) throw new Error("the stack wrote no zip for Dashboard");

    const taskRoot = join(dir, "task");
    const entries = unzipSync(new Uint8Array(await readFile(zipPath)));
    for (const [name, data] of Object.entries(entries)) {
      if (name.endsWith("/")) continue;
      await mkdir(dirname(join(taskRoot, name)), { recursive: true });
      await writeFile(join(taskRoot, name), data);
    }

    const origin = (url: unknown) => new URL(String(url)).origin;
    const fnUrl = origin(stack.outputs.dashboardUrl);
    const hostedUi = origin(stack.outputs.hostedUiUrl);
    const userPoolId = String(stack.outputs.userPoolId);
    const region = userPoolId.split("_")[0] as string;
    const apiHost = `cognito-idp.${region}.amazonaws.com`;
    const names = [new URL(fnUrl).host, new URL(hostedUi).host, apiHost];
    const poolDomain = new URL(hostedUi).host.split(".")[0] as string;

    const idp = await startMockIdp({
      port: 0,
      quiet: true,
      userPoolId,
      clientId: FAKE.clientId,
      clientSecret: FAKE.clientSecret,
      extraCallbackUrls: client.callbackUrls as string[],
      extraLogoutUrls: client.logoutUrls as string[],
    });
    cleanups.push(() => idp.stop());

    const ca = await makePrivateCa(dir, names);
    const edge = await startAwsEdge(ca);
    cleanups.push(() => edge.close());
    const hostsFile = join(dir, "hosts");
    await writeFile(hostsFile, hostsFileText(names));

    const deployedVariables = (fn.environment as { variables: Record<string, string> }).variables;
    const landed = (options.environmentUpdate ?? "landed") === "landed";
    const lambda = new LambdaService(
      {
        name: String(fn.name),
        region,
        accountId: FAKE.accountId,
        handler: String(fn.handler),
        runtime: String(fn.runtime),
        memoryMb: Number(fn.memorySize),
        timeoutSeconds: Number(fn.timeout),
        logGroup: String((fn.loggingConfig as { logGroup?: string } | undefined)?.logGroup),
        variables: landed ? { ...deployedVariables, ...update } : { ...deployedVariables },
      },
      taskRoot,
      runtimeClientLauncher(hostsFile, Number(fn.memorySize)),
      { NODE_EXTRA_CA_CERTS: ca.caFile },
      options.onLog,
    );
    cleanups.push(() => lambda.close());

    edge.route(new URL(fnUrl).host, functionUrl(new URL(fnUrl).host, lambda));
    edge.route(new URL(hostedUi).host, proxyTo(idp.url, new URL(hostedUi).host));
    edge.route(apiHost, proxyTo(idp.url, apiHost, { poolDomain }));

    return {
      functionUrl: fnUrl,
      hostedUi,
      idp,
      lambda,
      deployedVariables: { ...deployedVariables },
      environmentUpdate: { ...update },
      zip: { path: zipPath, bytes: (await stat(zipPath)).size, files: Object.keys(entries) },
      handler: String(fn.handler),
      chromiumArgs: [
        `--host-resolver-rules=${names.map((n) => `MAP ${n} 127.0.0.1`).join(", ")}`,
        `--ignore-certificate-errors-spki-list=${ca.spki}`,
      ],
      awsNames: names,
      caFile: ca.caFile,
      outputs: { ...stack.outputs },
      edge,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
