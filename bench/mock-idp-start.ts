import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports.ts";
import { type ProcMemory, procMemory } from "./proc-memory.ts";
import { median } from "./stats.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const POLL_MS = 5;
const GIVE_UP_MS = 20_000;

/** How fast a fresh mock IdP answers, started one way. */
export interface MockStartResult {
  command: string;
  samples: number;
  /** Spawn to the first 200 from its discovery document. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Resident memory once ready, and its peak so far (largest over the samples). */
  rssMiB: number;
  peakRssMiB: number;
}

/**
 * Starts the mock IdP `samples` times with `command` (on a free port, given in MOCK_IDP_PORT) and
 * times each from spawn to the first answered request.
 * @example await measureMockStart(["npm", "run", "mock-idp"], 5)
 */
export async function measureMockStart(
  command: readonly string[],
  samples: number,
): Promise<MockStartResult> {
  const times: number[] = [];
  const memories: ProcMemory[] = [];
  for (let i = 0; i < samples; i++) {
    const port = await freePort();
    const started = performance.now();
    // "node" is this very Node (24), whatever else the PATH holds.
    const executable = command[0] === "node" ? process.execPath : (command[0] as string);
    const child = spawn(executable, command.slice(1), {
      cwd: ROOT,
      env: { ...process.env, MOCK_IDP_PORT: String(port) },
      stdio: ["ignore", "ignore", "pipe"],
      // Its own process group, so npm and the node under it stop together.
      detached: true,
    });
    if (child.pid !== undefined) running.add(child.pid);
    child.once("exit", () => {
      if (child.pid !== undefined) running.delete(child.pid);
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    try {
      await waitUntilAnswering(port, child, () => stderr);
      times.push(performance.now() - started);
      const memory = await procMemory(await nodePid(child));
      if (memory) memories.push(memory);
    } finally {
      await stopGroup(child);
    }
  }
  return {
    command: command.join(" "),
    samples: times.length,
    medianMs: median(times),
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    rssMiB: Math.max(...memories.map((m) => m.rssMiB)),
    peakRssMiB: Math.max(...memories.map((m) => m.peakRssMiB)),
  };
}

async function waitUntilAnswering(
  port: number,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  const url = `http://127.0.0.1:${port}/.well-known/openid-configuration`;
  const deadline = performance.now() + GIVE_UP_MS;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`mock IdP exited with ${child.exitCode}: ${stderr().trim()}`);
    }
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`mock IdP did not answer on port ${port} within ${GIVE_UP_MS} ms`);
}

/** The node process serving: the spawned one, or the one npm started under it. */
async function nodePid(child: ChildProcess): Promise<number | undefined> {
  const pid = child.pid;
  if (pid === undefined) return undefined;
  const descendants = await childrenOf(pid);
  for (let i = 0; i < descendants.length; i++) {
    descendants.push(...(await childrenOf(descendants[i] as number)));
  }
  // The last node in the tree is the server (npm → sh → npm → sh → node).
  for (const candidate of descendants.reverse()) {
    const comm = await readText(`/proc/${candidate}/comm`);
    if (comm?.trim() === "node") return candidate;
  }
  return pid;
}

async function childrenOf(pid: number): Promise<number[]> {
  const text = await readText(`/proc/${pid}/task/${pid}/children`);
  return (text ?? "").trim().split(/\s+/).filter(Boolean).map(Number);
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, "utf8").catch(() => undefined);
}

/** Process groups still running, ended if the bench exits first. */
const running = new Set<number>();
process.once("exit", () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
});

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = once(child, "exit");
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  await exited;
}
