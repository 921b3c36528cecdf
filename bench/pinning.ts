import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the load generator and the servers ran, as the report states it. */
export interface Pinning {
  /** False when the machine or the system does not allow it (one core, no `taskset`). */
  pinned: boolean;
  description: string;
}

/**
 * Pins the load generator (this process) to the first CPU and the servers (and the IdP they
 * call) to the last, with `taskset`, so they stop taking each other's core: the server's CPU per
 * request is then its own, and the load generator's ceiling is a core of its own. Where that
 * cannot be done, nothing is pinned and the answer says so. `undo()` gives this process every CPU
 * again.
 * @example const { pinning, undo } = await pinApart([server.pid]); …; await undo();
 */
export async function pinApart(
  serverPids: readonly number[],
): Promise<{ pinning: Pinning; undo: () => Promise<void> }> {
  const cpus = availableParallelism();
  const nothing = async () => {};
  if (cpus < 2) {
    return {
      pinning: { pinned: false, description: "not pinned (one CPU): everything shares it" },
      undo: nothing,
    };
  }
  const last = String(cpus - 1);
  try {
    await run("taskset", ["-p", "-c", "0", String(process.pid)]);
    for (const pid of serverPids) await run("taskset", ["-p", "-c", last, String(pid)]);
  } catch (error) {
    await run("taskset", ["-p", "-c", `0-${last}`, String(process.pid)]).catch(() => {});
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      pinning: { pinned: false, description: `not pinned (taskset: ${reason})` },
      undo: nothing,
    };
  }
  return {
    pinning: {
      pinned: true,
      description: `load generator (the bench's process, autocannon) on CPU 0; each server and the mock IdP on CPU ${last} (taskset)`,
    },
    undo: async () => {
      await run("taskset", ["-p", "-c", `0-${last}`, String(process.pid)]);
    },
  };
}
