import { type ChildProcess, spawn } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { userShellEnv } from "../../packages/dashboard/src/testing/user-shell-env.ts";

/** The repository root: servers are started from here, as a user would. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A server started with an npm script, running in its own process group. */
export interface ServerProcess {
  /** What was run, e.g. `PORT=3000 npm run dev`, for messages. */
  readonly label: string;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the first match of `pattern` in its output, or rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves once `url` answers with any HTTP status, or rejects after `timeoutMs`. */
  waitForUrl(url: string, timeoutMs?: number): Promise<void>;
  /** Ends the whole process group (npm, its shell, tsx and node) and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Arguments to `npm`, e.g. `["run", "dev", "--", "--lambda"]`. */
  npmArgs: string[];
  /** Extra environment, e.g. `{ PORT: "8050" }`. */
  env?: Record<string, string>;
}

const running = new Set<ChildProcess>();

// A crashed or interrupted test run must not leave servers holding the shared ports.
process.once("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

/**
 * Starts `npm <args>` from the repository root in a new process group, with the same Node that
 * runs the tests first on PATH and no Cognito settings inherited from the developer's shell
 * (so the dashboard falls back to the mock IdP's defaults, as on a fresh laptop).
 * @example const idp = startNpm({ npmArgs: ["run", "mock-idp"] }); await idp.waitForUrl("http://localhost:9500/");
 */
export function startNpm(options: StartOptions): ServerProcess {
  const envPrefix = Object.entries(options.env ?? {})
    .map(([name, value]) => `${name}=${value} `)
    .join("");
  return startProcess("npm", options.npmArgs, {
    cwd: REPO_ROOT,
    env: childEnv(options.env ?? {}),
    label: `${envPrefix}npm ${options.npmArgs.join(" ")}`,
  });
}

/**
 * Starts `command` in a new process group, with exactly the environment given.
 * @example const app = startProcess(node, ["dist/node.js"], { cwd, env, label: "node 20" });
 */
export function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; label: string },
): ServerProcess {
  const { label } = options;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);

  let output = "";
  let exited: string | undefined;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    notify();
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  child.on("error", (error) => {
    exited = `could not be started: ${error.message}`;
    notify();
  });
  const exit = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = `exited early (${signal ?? `code ${code}`})`;
      running.delete(child);
      notify();
      resolve();
    });
  });

  const failure = (what: string) =>
    new Error(`${label} ${what}. Its output:\n${indent(output.trim() || "(nothing)")}`);

  return {
    label,
    output: () => output,

    waitForOutput(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(() => resolve(match));
          else if (exited) finish(() => reject(failure(exited ?? "")));
        };
        const timer = setTimeout(
          () =>
            finish(() => reject(failure(`printed nothing matching ${pattern} in ${timeoutMs} ms`))),
          timeoutMs,
        );
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },

    async waitForUrl(url, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (exited) throw failure(exited);
        if (await answers(url)) return;
        if (Date.now() > deadline) throw failure(`did not answer at ${url} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    async stop() {
      if (!running.has(child)) return;
      killGroup(child, "SIGTERM");
      const killed = setTimeout(() => killGroup(child, "SIGKILL"), 5_000);
      await exit;
      clearTimeout(killed);
    },
  };
}

/**
 * Whether anything answers HTTP at `url` (any status counts: a login redirect is an answer).
 * @example if (await answers("http://localhost:3000/")) throw new Error("port 3000 is taken");
 */
export async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/**
 * Fails with a clear message when something already listens at `url`: the tests would otherwise
 * talk to someone else's server and report its behaviour as ours.
 * @example await assertFree("http://localhost:9500/");
 */
export async function assertFree(url: string): Promise<void> {
  if (await answers(url)) {
    throw new Error(
      `${url} is already in use by another process. These tests bind the shared local ports: ` +
        "stop that server, or run the tests under `flock /tmp/ports.lock`.",
    );
  }
}

/**
 * Stops every server given, even when some fail to stop, and reports the first failure.
 * @example afterAll(() => stopAll([dashboard, idp]));
 */
export async function stopAll(servers: (ServerProcess | undefined)[]): Promise<void> {
  const results = await Promise.allSettled(servers.map((server) => server?.stop()));
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // The tests' Node first, so that `npm run …` starts the servers with it.
  return userShellEnv({ PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`, ...extra });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function indent(text: string): string {
  return text
    .split("\n")
    .slice(-40)
    .map((line) => `    ${line}`)
    .join("\n");
}
