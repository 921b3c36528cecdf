/**
 * The part of the Lambda service the rehearsal needs: execution environments started on demand
 * (each a runtime client process with its own Runtime API, one invocation at a time, so a
 * request that finds every environment busy causes a cold start), the function's configuration
 * as Lambda sets it in each new environment's variables, and environments retired when that
 * configuration changes, as after UpdateFunctionConfiguration.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { type InvocationResult, RuntimeApi } from "./runtime-api.ts";

/** The function as deployed: what Lambda reads to start an environment. */
export interface FunctionConfig {
  name: string;
  region: string;
  accountId: string;
  handler: string;
  runtime: string;
  memoryMb: number;
  timeoutSeconds: number;
  logGroup: string;
  /** The function's own variables (what `environment.variables` holds after the deploy). */
  variables: Record<string, string>;
}

/** How to run a runtime client: the command, given the environment and the task root. */
export interface RuntimeLauncher {
  command: string;
  args: string[];
}

interface Environment {
  id: number;
  api: RuntimeApi;
  child: ChildProcess;
  busy: boolean;
  retired: boolean;
  exited: Promise<void>;
}

/**
 * Environments of one function, started as invocations need them.
 * @example const lambda = new LambdaService(config, taskRoot, launcher); const result = await lambda.invoke(JSON.stringify(event));
 */
export class LambdaService {
  /** Every line the environments wrote (stdout and stderr), prefixed with the environment's id. */
  readonly logs: string[] = [];
  /** Environments started so far: each is a cold start. */
  coldStarts = 0;
  private readonly environments = new Set<Environment>();
  private nextId = 1;

  private config: FunctionConfig;
  private readonly taskRoot: string;
  private readonly launcher: RuntimeLauncher;
  private readonly extraVariables: Record<string, string>;
  private readonly onLog?: (line: string) => void;

  constructor(
    config: FunctionConfig,
    taskRoot: string,
    launcher: RuntimeLauncher,
    extraVariables: Record<string, string> = {},
    onLog?: (line: string) => void,
  ) {
    this.config = config;
    this.taskRoot = taskRoot;
    this.launcher = launcher;
    this.extraVariables = extraVariables;
    this.onLog = onLog;
  }

  /**
   * The command line of each environment alive now, as the kernel has it (`/proc/<pid>/cmdline`):
   * what really runs there once the launcher's wrappers have exec'd into `node`.
   */
  commandLines(): string[][] {
    const lines: string[][] = [];
    for (const env of this.environments) {
      if (env.retired || env.child.pid === undefined) continue;
      try {
        lines.push(readFileSync(`/proc/${env.child.pid}/cmdline`, "utf8").split("\0").slice(0, -1));
      } catch {
        // Gone between the check and the read.
      }
    }
    return lines;
  }

  /** The function's variables now. */
  get variables(): Record<string, string> {
    return { ...this.config.variables };
  }

  /**
   * A configuration change (UpdateFunctionConfiguration): new variables, replacing the old ones;
   * environments started before it take no new invocation.
   * @example lambda.updateVariables({ ...lambda.variables, USER_POOL_CLIENT_ID: id })
   */
  updateVariables(variables: Record<string, string>): void {
    this.config = { ...this.config, variables: { ...variables } };
    for (const env of this.environments) this.retire(env);
  }

  /** Ends every environment: the next invocation is a cold start. */
  async recycle(): Promise<void> {
    await Promise.all([...this.environments].map((env) => this.retire(env)));
  }

  /**
   * Runs one event in an idle environment, or in a new one.
   * @example const result = await lambda.invoke(JSON.stringify(event)); result.kind // "response"
   */
  async invoke(event: string): Promise<InvocationResult> {
    const env =
      [...this.environments].find((e) => !e.busy && !e.retired) ?? (await this.startEnvironment());
    env.busy = true;
    const timeoutMs = this.config.timeoutSeconds * 1000;
    const timer = setTimeout(() => {
      env.api.abort(
        "Sandbox.Timedout",
        `Task timed out after ${this.config.timeoutSeconds} seconds`,
      );
      void this.retire(env);
    }, timeoutMs);
    try {
      return await env.api.invoke(event, timeoutMs);
    } finally {
      clearTimeout(timer);
      env.busy = false;
      if (env.retired) void this.retire(env);
    }
  }

  async close(): Promise<void> {
    await this.recycle();
  }

  /** Lambda's own variables of an environment, then the function's (which cannot override them). */
  private environmentVariables(api: RuntimeApi, envId: number): Record<string, string> {
    const c = this.config;
    return {
      ...c.variables,
      ...this.extraVariables,
      PATH: `/usr/local/bin:/usr/bin/:/bin:/opt/bin`,
      LANG: "en_US.UTF-8",
      TZ: ":UTC",
      _HANDLER: c.handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${c.runtime}`,
      AWS_REGION: c.region,
      AWS_DEFAULT_REGION: c.region,
      AWS_LAMBDA_FUNCTION_NAME: c.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(c.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
      AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
      AWS_LAMBDA_LOG_GROUP_NAME: c.logGroup,
      AWS_LAMBDA_LOG_STREAM_NAME: `${new Date().toISOString().slice(0, 10).replaceAll("-", "/")}/[$LATEST]rehearsal${envId}`,
      AWS_LAMBDA_RUNTIME_API: api.address,
      LAMBDA_TASK_ROOT: this.taskRoot,
      LAMBDA_RUNTIME_DIR: "/var/runtime",
      // The role's temporary credentials, as Lambda puts them; the rehearsal's AWS accepts them.
      AWS_ACCESS_KEY_ID: "ASIAREHEARSAL0000001",
      AWS_SECRET_ACCESS_KEY: "rehearsal/secret/access/key/not/a/real/one00",
      AWS_SESSION_TOKEN: "rehearsal-session-token",
    };
  }

  private async startEnvironment(): Promise<Environment> {
    const id = this.nextId++;
    const arn = `arn:aws:lambda:${this.config.region}:${this.config.accountId}:function:${this.config.name}`;
    const api = await RuntimeApi.start(arn);
    const child = spawn(this.launcher.command, this.launcher.args, {
      cwd: this.taskRoot,
      env: this.environmentVariables(api, id),
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.coldStarts++;
    const env: Environment = {
      id,
      api,
      child,
      busy: false,
      retired: false,
      exited: Promise.resolve(),
    };
    env.exited = new Promise((ok) => {
      child.once("error", (error) => {
        this.logs.push(`[env ${id}] could not start the runtime client: ${error.message}`);
      });
      child.once("close", (code, signal) => {
        env.retired = true;
        this.environments.delete(env);
        const reason = api.initError
          ? `${api.initError.errorType}: init failed`
          : `exited (${signal ?? `code ${code}`})`;
        api.abort(api.initError ? api.initError.errorType : "Runtime.ExitError", reason);
        void api.close();
        ok();
      });
    });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = "";
      stream?.setEncoding("utf8").on("data", (chunk: string) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop() ?? "";
        for (const line of lines) {
          this.logs.push(`[env ${id}] ${line}`);
          this.onLog?.(`[env ${id}] ${line}`);
        }
      });
    }
    api.whenInitFails(() => {
      // The runtime client exits after reporting; make sure it does.
      setTimeout(() => child.kill("SIGKILL"), 2_000).unref();
    });
    this.environments.add(env);
    return env;
  }

  private async retire(env: Environment): Promise<void> {
    env.retired = true;
    if (env.busy) return;
    if (env.child.exitCode === null && env.child.signalCode === null) env.child.kill("SIGKILL");
    await env.exited;
  }
}
