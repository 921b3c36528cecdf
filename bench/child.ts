import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** A helper process started by the bench, and what it reported once ready. */
export interface Child<T> {
  info: T;
  process: ChildProcess;
  /** CPU time the process has used so far (all its threads, user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  /** `process.memoryUsage()` after a full collection (heap, external, array buffers, RSS). */
  memoryAfterGc(): Promise<NodeJS.MemoryUsage>;
  /** Ends the process and waits for it to be gone. */
  stop(): Promise<void>;
}

interface CpuReply {
  cpuMicros: number;
}

interface MemoryReply {
  memory: NodeJS.MemoryUsage;
}

/**
 * A full garbage collection, without starting Node with --expose-gc.
 * @example collectGarbage(); const heap = process.memoryUsage().heapUsed;
 */
export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** What a child sends back over IPC: its info once ready, or why it could not start. */
export type ChildReply<T> = { ok: true; info: T } | { ok: false; error: string };

/**
 * Starts `file` (TypeScript: Node's own type stripping, or tsx when it imports JSX) in its own
 * Node process, sends it `request` and waits for its reply. Each server gets its own process so
 * the load generator and the server do not share an event loop, and one scenario's garbage does
 * not slow the next.
 * @example const server = await startChild<{ port: number }>(new URL("./server-child.ts", import.meta.url), { scenario: "no-auth" })
 */
export async function startChild<T>(
  file: URL,
  request: unknown,
  options: { tsx?: boolean; timeoutMs?: number; args?: string[] } = {},
): Promise<Child<T>> {
  return forkChild(file, options).start<T>(request, options.timeoutMs);
}

/**
 * Forks the process now and sends it its request later: Node's start and the child's imports
 * overlap whatever the parent does meanwhile (starting the IdP its request needs).
 * @example const pending = forkChild(url, { args: ["no-auth"] }); …; const child = await pending.start(request)
 */
export function forkChild(
  file: URL,
  options: { tsx?: boolean; args?: string[]; env?: NodeJS.ProcessEnv } = {},
): { start<T>(request: unknown, timeoutMs?: number): Promise<Child<T>>; kill(): void } {
  const child = fork(fileURLToPath(file), options.args ?? [], {
    execArgv: options.tsx ? ["--import", "tsx"] : [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    start: (request, timeoutMs) => connect(file, child, request, timeoutMs ?? 30_000),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    },
  };
}

async function connect<T>(
  file: URL,
  child: ChildProcess,
  request: unknown,
  timeoutMs: number,
): Promise<Child<T>> {
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  };
  try {
    const reply = await new Promise<ChildReply<T>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${file.pathname} not ready after ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.once("message", (message) => {
        clearTimeout(timer);
        resolve(message as ChildReply<T>);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${file.pathname} exited with ${code} before it was ready`));
      });
      child.send(request as object);
    });
    if (!reply.ok) throw new Error(`${file.pathname}: ${reply.error}`);
    const cpuMicros = (): Promise<number> =>
      new Promise((resolve) => {
        child.once("message", (message) => resolve((message as CpuReply).cpuMicros));
        child.send({ type: "cpu" });
      });
    const memoryAfterGc = (): Promise<NodeJS.MemoryUsage> =>
      new Promise((resolve) => {
        child.once("message", (message) => resolve((message as MemoryReply).memory));
        child.send({ type: "memory" });
      });
    return { info: reply.info, process: child, stop, cpuMicros, memoryAfterGc };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The child side: answers the parent's one request with `start(request)`'s result.
 * @example serveChild(async (request) => ({ port: await listen(request) }))
 */
export function serveChild<Req, T>(start: (request: Req) => Promise<T>): void {
  // If the bench dies (Ctrl-C, a timeout), its helpers must not linger holding ports.
  process.once("disconnect", () => process.exit(0));
  process.once("message", (request) => {
    start(request as Req).then(
      (info) => {
        // After the start, the parent only asks for CPU time, to charge it to the requests, or
        // for memory after a full collection (the soak).
        process.on("message", (message) => {
          if ((message as { type?: string }).type === "memory") {
            collectGarbage();
            process.send?.({ memory: process.memoryUsage() } satisfies MemoryReply);
            return;
          }
          const { user, system } = process.cpuUsage();
          process.send?.({ cpuMicros: user + system } satisfies CpuReply);
        });
        process.send?.({ ok: true, info } satisfies ChildReply<T>);
      },
      (error: unknown) => {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.send?.({ ok: false, error: message } satisfies ChildReply<T>, () =>
          process.exit(1),
        );
      },
    );
  });
}
