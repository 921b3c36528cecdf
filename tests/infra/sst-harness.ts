/**
 * Runs the real `sst.config.ts` the way the SST CLI does, but under Pulumi's unit-test mocks: no
 * Pulumi CLI, no AWS, no network.
 *
 * What the CLI does (sst 4.17.x, pkg/project/run.go and pkg/js/js.go in the SST repository), and
 * what this harness repeats:
 * 1. esbuild bundles a small entry that imports `platform/src/auto/run.ts` and `sst.config.ts`,
 *    with `$app`, `$cli` and `$dev` defined as constants, `platform/src/shim/run.js` injected
 *    (the `$config`, `$output`, `$interpolate`... globals), and every source file outside `.sst`
 *    prefixed with `import * as aws from "@pulumi/aws"; import * as sst from ".../components"`
 *    (the `aws` and `sst` globals). `@pulumi/*`, `@aws-sdk/*` and a few others stay external and
 *    are resolved from `.sst/platform/node_modules`, so the bundle is written there.
 * 2. Before that, the CLI evaluates `app()` alone, with `$config` as the identity function and
 *    top-level imports in sst.config.ts refused; {@link evaluateApp} does the same.
 * 3. The bundle runs `run()` inside a Pulumi stack. Components call back into the CLI over HTTP at
 *    `SST_SERVER` (JSON-RPC `POST /rpc`): `Runtime.Build` bundles a function's handler,
 *    `Provider.Aws.Bootstrap` names the asset bucket, `Runtime.AddTarget` and
 *    `Provider.Aws.Appsync` serve `sst dev`. {@link startSstServer} answers those four; any other
 *    method is recorded and refused, so a new dependency on the CLI shows up as a test failure.
 * 4. Pulumi's mocks stand in for the engine: every resource is recorded with its inputs, and the
 *    few provider functions SST calls (region, partition, account, IAM policy documents) return
 *    fixed values.
 *
 * This depends on SST internals, which is why `sst` is pinned to an exact version (package.json
 * and `version` in sst.config.ts): after an upgrade, re-read those two Go files first.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { buildLikeSst, handlerSource, type SstNodeProperties } from "./sst-node-build.ts";
import { writeResourceFile } from "./sst-resource-file.ts";

export const ROOT = resolve(import.meta.dirname, "..", "..");
const PLATFORM = join(ROOT, ".sst", "platform");

/** Fixed values the mocks answer with; tests compare against them. */
export const FAKE = {
  region: "eu-west-1",
  accountId: "123456789012",
  userPoolId: "eu-west-1_TestPool1",
  userPoolArn: "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_TestPool1",
  functionUrl: "https://dashboard-test-url.lambda-url.eu-west-1.on.aws/",
  clientId: "testclient0000000000000001",
  clientSecret: "test-client-secret-from-the-mock-engine-0000000000",
} as const;

/** One resource the program registered, with the inputs it was given. */
export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  custom: boolean;
  /** Set by the program's transforms; the engine mocks never see them. */
  options: ResourceOptions;
}

/** `run()` threw: its message, and the resources registered before it did. */
export class StackRunError extends Error {
  override name = "StackRunError";
  readonly resources: RecordedResource[];
  constructor(cause: unknown, resources: RecordedResource[]) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.resources = resources;
  }
}

/** The resource options the tests look at. */
export interface ResourceOptions {
  retainOnDelete?: boolean;
  protect?: boolean;
  deleteBeforeReplace?: boolean;
}

export interface StackRun {
  resources: RecordedResource[];
  /** The `sst.x.DevCommand`s with the args they were given. */
  components: { type: string; name: string; args: Record<string, unknown> }[];
  /** The stack outputs, resolved. */
  outputs: Record<string, unknown>;
  /** Calls into the CLI, by method name. */
  rpcCalls: { method: string; args: Record<string, unknown> }[];
  /** Provider functions the program invoked that the mocks do not know. */
  unknownInvokes: string[];
  /** With `keepZips`: each function's deployment zip as SST's component made it, by name. */
  zips: Record<string, string>;
}

export interface RunOptions {
  stage: string;
  dev?: boolean;
  /** Extra environment for the run (deploy-time settings, `SST_SECRET_<name>` values). */
  env?: Record<string, string>;
  /**
   * A directory to copy the functions' deployment zips into (`<name>.zip`) before the run's
   * working directory is removed: the zip `sst deploy` would upload, made by SST's own code.
   */
  keepZips?: string;
}

/**
 * The app() half of the CLI's evaluation: what `sst.config.ts` returns for a stage.
 * @example const app = await evaluateApp("prod"); app.protect // true
 */
export async function evaluateApp(stage: string): Promise<Record<string, unknown>> {
  const outfile = join(PLATFORM, `sst.config.app-${randomUUID()}.test.mjs`);
  try {
    await build({
      ...commonBuildOptions(outfile),
      banner: { js: "function $config(input) { return input }" },
      define: { $input: JSON.stringify({ stage }) },
      stdin: {
        contents: `import mod from ${JSON.stringify(join(ROOT, "sst.config.ts"))};
export default await mod.app({ stage: $input.stage || undefined });`,
        resolveDir: ROOT,
        sourcefile: "eval.ts",
        loader: "ts",
      },
      plugins: [disallowTopLevelImports()],
    });
    return (await import(pathToFileURL(outfile).href)).default;
  } finally {
    await rm(outfile, { force: true });
  }
}

/**
 * Bundles `sst.config.ts` as the CLI does and runs `run()` under Pulumi mocks.
 * @example const stack = await runStack({ stage: "test" }); stack.resources.length > 0
 */
export async function runStack(options: RunOptions): Promise<StackRun> {
  const app = await evaluateApp(options.stage);
  const work = await mkdtemp(join(tmpdir(), "sst-harness-"));
  const outfile = join(PLATFORM, `sst.config.run-${randomUUID()}.test.mjs`);
  const rpcCalls: StackRun["rpcCalls"] = [];
  const server = await startSstServer(work, rpcCalls);
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  try {
    // As the CLI builds `$app` from the evaluated app() plus the stage.
    // The region the app pins for this stage, as the CLI passes it to the AWS provider; the mocks
    // answer provider lookups with it.
    const region = pinnedRegion(app) ?? FAKE.region;
    const appConstant = { ...app, stage: options.stage, providers: app.providers ?? { aws: {} } };
    const cli = {
      command: "deploy",
      dev: options.dev ?? false,
      paths: { home: work, root: ROOT, work, platform: PLATFORM },
      state: { version: {} },
    };
    const globals = [
      'import * as aws from "@pulumi/aws";',
      `import * as sst from ${JSON.stringify(join(PLATFORM, "src", "components"))};`,
    ].join("\n");
    await build({
      ...commonBuildOptions(outfile),
      define: {
        $app: JSON.stringify(appConstant),
        $cli: JSON.stringify(cli),
        $dev: String(options.dev ?? false),
      },
      inject: [join(PLATFORM, "src", "shim", "run.js")],
      stdin: {
        // The CLI's entry runs the program at the top level; the harness exports it instead, with
        // the bundle's own @pulumi/pulumi, so that the mocks are set on the instance it uses.
        contents: `import * as pulumi from "@pulumi/pulumi";
import { $transform } from ${JSON.stringify(join(PLATFORM, "src", "components", "component.ts"))};
import * as sst from ${JSON.stringify(join(PLATFORM, "src", "components"))};
import { run } from ${JSON.stringify(join(PLATFORM, "src", "auto", "run.ts"))};
import mod from ${JSON.stringify(join(ROOT, "sst.config.ts"))};
export { pulumi, sst, $transform };
export const program = (onResource, onFailure) => async () => {
  pulumi.runtime.registerStackTransformation((args) => { onResource(args); return undefined; });
  try {
    return await run(mod.run);
  } catch (error) {
    onFailure(error);
    return {};
  }
};`,
        resolveDir: ROOT,
        sourcefile: "eval.ts",
        loader: "ts",
      },
      plugins: [injectGlobals(globals)],
    });

    Object.assign(process.env, options.env, {
      SST_SERVER: server.url,
      SST_AWS_REGION: region,
    });
    const bundle = await import(pathToFileURL(outfile).href);
    const engine = mockEngine(region);
    const pulumi = bundle.pulumi;
    await pulumi.runtime.setMocks(engine.mocks, String(app.name), options.stage, false);

    // The args dev commands were given (a component's args never reach the engine), resolved.
    const components: StackRun["components"] = [];
    bundle.$transform(bundle.sst.x.DevCommand, (args: unknown, _opts: unknown, name: string) => {
      pulumi.output(args).apply((resolved: Record<string, unknown>) => {
        components.push({ type: "sst:sst:DevCommand", name, args: resolved });
      });
    });
    // Resource options the engine mocks do not see.
    const resourceOptions: Record<string, ResourceOptions> = {};
    const onResource = (args: { name: string; type: string; opts: Record<string, unknown> }) => {
      resourceOptions[`${args.type}::${args.name}`] = {
        retainOnDelete: args.opts.retainOnDelete as boolean | undefined,
        protect: args.opts.protect as boolean | undefined,
        deleteBeforeReplace: args.opts.deleteBeforeReplace as boolean | undefined,
      };
    };

    // A program that throws (the CLI prints a RunError's message as the deploy's error) is
    // reported here, after the stack settled, instead of as Pulumi's unhandled rejections.
    let failure: unknown;
    const stackOutputs = await pulumi.runtime.runInPulumiStack(
      bundle.program(onResource, (error: unknown) => {
        failure = error;
      }),
    );
    // Resources created inside `apply` callbacks register after the program returns.
    await pulumi.runtime.disconnect();
    if (failure !== undefined) throw new StackRunError(failure, engine.resources);
    for (const resource of engine.resources) {
      resource.options = resourceOptions[`${resource.type}::${resource.name}`] ?? {};
    }
    const zips = options.keepZips ? await copyZips(work, options.keepZips) : {};
    return {
      zips,
      resources: engine.resources,
      components,
      outputs: unwrapSecrets(stackOutputs ?? {}) as Record<string, unknown>,
      rpcCalls,
      unknownInvokes: engine.unknownInvokes,
    };
  } finally {
    process.chdir(savedCwd);
    for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
    Object.assign(process.env, savedEnv);
    await server.close();
    await rm(outfile, { force: true });
    await rm(`${outfile}.map`, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}

/** The zips function.ts wrote to `<work>/artifacts/<name>/code.zip`, copied out. */
async function copyZips(work: string, into: string): Promise<Record<string, string>> {
  await mkdir(into, { recursive: true });
  const zips: Record<string, string> = {};
  const artifacts = join(work, "artifacts");
  for (const name of existsSync(artifacts) ? await readdir(artifacts) : []) {
    const zip = join(artifacts, name, "code.zip");
    if (!existsSync(zip)) continue;
    zips[name] = join(into, `${name}.zip`);
    await copyFile(zip, zips[name]);
  }
  return zips;
}

/**
 * The AWS region `app()` pins for a stage (`providers.aws.region`), if any.
 * @example pinnedRegion(await evaluateApp("prod")) // "eu-west-1"
 */
export function pinnedRegion(app: Record<string, unknown>): string | undefined {
  const providers = app.providers as { aws?: { region?: unknown } } | undefined;
  return typeof providers?.aws?.region === "string" ? providers.aws.region : undefined;
}

function commonBuildOptions(outfile: string) {
  return {
    bundle: true,
    write: true,
    outfile,
    format: "esm" as const,
    platform: "node" as const,
    target: "es2023",
    mainFields: ["module", "main"],
    nodePaths: [join(PLATFORM, "node_modules")],
    external: [
      "@pulumi/*",
      "undici",
      "@pulumiverse/*",
      "@sst-provider/*",
      "@aws-sdk/*",
      "esbuild",
      "archiver",
      "glob",
      "vite",
    ],
    logLevel: "silent" as const,
    banner: {
      js: [
        'import { createRequire as topLevelCreateRequire } from "module";',
        "const require = topLevelCreateRequire(import.meta.url);",
        'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url";',
        "const __filename = topLevelFileUrlToPath(import.meta.url);",
        'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url));',
      ].join("\n"),
    },
  };
}

/** As the CLI's InjectGlobals plugin: the provider and `sst` globals for every file outside .sst. */
function injectGlobals(globals: string): Plugin {
  return {
    name: "inject-globals",
    setup(b) {
      b.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, async (args) => {
        if (args.path.includes(".sst")) return;
        const contents = await readFile(args.path, "utf8");
        return { contents: `${globals}\n${contents}`, loader: "default" };
      });
    },
  };
}

/** As the CLI's DisallowImports plugin while it evaluates app(). */
function disallowTopLevelImports(): Plugin {
  return {
    name: "disallow-imports",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.importer.endsWith("sst.config.ts") && args.kind === "import-statement") {
          return {
            errors: [
              {
                text: `sst.config.ts has a top-level import (${args.path}); SST refuses it: import inside run()`,
              },
            ],
          };
        }
        return undefined;
      });
    },
  };
}

interface SstServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The part of the SST CLI that components call at `SST_SERVER`.
 * `Runtime.Build` really bundles the handler as SST's builder does (sst-node-build.ts) and writes
 * `resource.enc`, so a wrong handler path, a missing export or a bundling error fails the run as it
 * would fail `sst deploy`, and the component zips what it would zip.
 */
async function startSstServer(work: string, calls: StackRun["rpcCalls"]): Promise<SstServer> {
  const answer = async (method: string, args: Record<string, unknown>): Promise<unknown> => {
    switch (method) {
      case "Provider.Aws.Bootstrap":
        return {
          asset: "sst-asset-test",
          assetEcrRegistryId: FAKE.accountId,
          assetEcrUrl: `${FAKE.accountId}.dkr.ecr.${FAKE.region}.amazonaws.com/sst-asset`,
          state: "sst-state-test",
          appsyncHttp: "test.appsync-api.example",
          appsyncRealtime: "test.appsync-realtime-api.example",
        };
      case "Provider.Aws.Appsync":
        return { http: "test.appsync-api.example", realtime: "test.appsync-realtime-api.example" };
      case "Runtime.AddTarget":
        return {};
      case "Runtime.Build":
        return buildHandler(work, args);
      default:
        throw new Error(`rpc: can't find method ${method}`);
    }
  };

  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", async () => {
      const request = JSON.parse(body) as { method: string; params: [Record<string, unknown>] };
      calls.push({ method: request.method, args: request.params[0] });
      let reply: { result?: unknown; error?: string };
      try {
        reply = { result: await answer(request.method, request.params[0]) };
      } catch (error) {
        reply = { error: (error as Error).message };
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/**
 * `Runtime.Build`, as the CLI's `Collection.Build` answers it: the output directory emptied, the
 * handler built by SST's Node builder from the properties passed (sst-node-build.ts), the links
 * sealed into `resource.enc` beside it, and the maps to keep out of the zip returned.
 */
async function buildHandler(work: string, args: Record<string, unknown>) {
  const handler = String(args.handler);
  const out = join(work, "artifacts", `${String(args.functionID)}-src`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const source = await handlerSource(ROOT, handler);
  if (!source) return { errors: [`handler not found: ${handler}`] };
  const exportName = handler.slice(handler.lastIndexOf(".") + 1);
  const built = await buildLikeSst({
    root: ROOT,
    handler,
    runtime: String(args.runtime),
    outDir: out,
    properties: (args.properties ?? {}) as SstNodeProperties,
  });
  const entry = Object.entries(built.metafile.outputs).find(
    ([path]) => resolve(ROOT, path) === built.entryFile,
  );
  if (!entry?.[1].exports.includes(exportName)) {
    return { errors: [`${relative(ROOT, source)} does not export "${exportName}"`] };
  }
  if (args.encryptionKey) {
    await writeResourceFile(
      out,
      (args.links ?? {}) as Record<string, unknown>,
      String(args.encryptionKey),
    );
  }
  return { handler: built.handler, out, errors: [], sourcemaps: built.sourcemaps };
}

/** Pulumi mocks: record every resource, answer the provider functions SST calls. */
function mockEngine(region: string) {
  const resources: RecordedResource[] = [];
  const unknownInvokes: string[] = [];
  const mocks = {
    newResource(args: {
      type: string;
      name: string;
      inputs: Record<string, unknown>;
      custom?: boolean;
      id?: string;
    }) {
      resources.push({
        type: args.type,
        name: args.name,
        inputs: unwrapSecrets(args.inputs) as Record<string, unknown>,
        custom: args.custom ?? false,
        options: {},
      });
      return { id: idFor(args.type, args.name), state: { ...args.inputs, ...computed(args) } };
    },
    call(args: { token: string; inputs: Record<string, unknown> }) {
      switch (args.token) {
        case "aws:index/getRegion:getRegion":
          return { name: region, region, id: region };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return {
            accountId: FAKE.accountId,
            arn: `arn:aws:iam::${FAKE.accountId}:user/test`,
            userId: "AIDTEST",
            id: FAKE.accountId,
          };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
          return { ...args.inputs, json: policyJson(args.inputs), id: "policy" };
        default:
          unknownInvokes.push(args.token);
          return {};
      }
    },
  };
  return { mocks, resources, unknownInvokes };
}

function idFor(type: string, name: string): string {
  if (type === "aws:cognito/userPool:UserPool") return FAKE.userPoolId;
  if (type === "aws:cognito/userPoolClient:UserPoolClient") return FAKE.clientId;
  return `${name}-id`;
}

function computed(args: { type: string; name: string; inputs: Record<string, unknown> }) {
  const arn = `arn:aws:test:${FAKE.region}:${FAKE.accountId}:${args.name}`;
  switch (args.type) {
    case "aws:cognito/userPool:UserPool":
      return { arn: FAKE.userPoolArn, endpoint: `cognito-idp.${FAKE.region}.amazonaws.com/x` };
    case "aws:cognito/userPoolClient:UserPoolClient":
      return { clientSecret: FAKE.clientSecret };
    case "aws:cognito/userPoolDomain:UserPoolDomain":
      return { cloudfrontDistribution: "d111111abcdef8.cloudfront.net" };
    case "aws:lambda/functionUrl:FunctionUrl":
      return { functionUrl: FAKE.functionUrl };
    case "random:index/randomBytes:RandomBytes":
      return { base64: Buffer.alloc(32, 7).toString("base64"), hex: "07".repeat(32) };
    default:
      return { arn, name: args.inputs.name ?? `${args.name}-physical` };
  }
}

// Pulumi's marker for a secret value on the wire.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Secret values as plain values: the tests look for secrets where they must not be. */
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (SECRET_SIG in record && "value" in record) return unwrapSecrets(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** Roughly what AWS's provider renders for `getPolicyDocument`, enough to assert on. */
function policyJson(inputs: Record<string, unknown>): string {
  const statements = (inputs.statements ?? []) as {
    effect?: string;
    actions?: string[];
    resources?: string[];
    principals?: unknown;
  }[];
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Effect: s.effect ?? "Allow",
      Action: s.actions,
      Resource: s.resources,
      ...(s.principals ? { Principal: s.principals } : {}),
    })),
  });
}
