/**
 * `npm start`: the offline quick start. Runs the mock IdP (in this process) and the dashboard (a
 * child process, through tsx for its JSX) in one terminal, prints where to go and how to sign in,
 * and stops both on Ctrl-C, or both when either one dies.
 *
 * Runs on Node's own type stripping (`node scripts/start.ts`), so only erasable TypeScript here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { MOCK_IDP } from "@cognito-dashboard/local-dev";
import { type MockIdp, startMockIdp } from "@cognito-dashboard/mock-idp";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DEV_SERVER = "packages/dashboard/src/dev-server.ts";
const READY_TIMEOUT_MS = 30_000;

let idp: MockIdp | undefined;
let dashboard: ChildProcess | undefined;
let stopping = false;

const USAGE =
  "Usage: npm start   (the mock IdP and the dashboard, offline; PORT=3000, MOCK_IDP_PORT=9500 by default)";

/** `--help`, and nothing else: settings come from the environment, as for `npm run dev`. */
function readArgs(): void {
  let help: boolean | undefined;
  try {
    help = parseArgs({ options: { help: { type: "boolean", short: "h" } } }).values.help;
  } catch (err) {
    console.error(`[start] ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (help) {
    console.log(USAGE);
    process.exit(0);
  }
}

async function main(): Promise<void> {
  readArgs();
  const port = process.env.PORT?.trim() || "3000";
  const idpPort = Number(process.env.MOCK_IDP_PORT?.trim() || MOCK_IDP.port);
  if (process.env.COGNITO_DOMAIN) {
    console.warn("[start] COGNITO_DOMAIN is set: the dashboard will use it, not the mock IdP.");
  }

  try {
    idp = await startMockIdp({ port: idpPort, quiet: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    fail(
      code === "EADDRINUSE"
        ? `port ${idpPort} is already in use (is \`npm run mock-idp\` running?). Stop it or set MOCK_IDP_PORT.`
        : `the mock IdP did not start: ${(err as Error).message}`,
    );
    return;
  }

  const child = spawn(process.execPath, ["--import", "tsx", DEV_SERVER], {
    cwd: ROOT,
    env: { ...process.env, PORT: port, MOCK_IDP_URL: idp.url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  dashboard = child;
  // Its output goes on to the terminal; its "ready on <url>" line says where it really listens.
  let printed = "";
  const ready = new Promise<string>((resolve) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      printed += chunk.toString();
      const match = printed.match(/ready on (http:\/\/\S+)/);
      if (match?.[1]) resolve(match[1]);
    });
  });
  child.on("error", (err) => void fail(`the dashboard could not be started: ${err.message}`));
  child.on("exit", (code, signal) => {
    dashboard = undefined;
    if (!stopping) {
      void fail(
        `the dashboard stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the mock IdP.`,
      );
    }
  });

  const appUrl = await Promise.race([
    ready,
    new Promise<string>((resolve) => {
      setTimeout(() => resolve(`http://localhost:${port}`), READY_TIMEOUT_MS).unref();
    }),
  ]);
  await waitForHealth(`${appUrl}/healthz`);
  if (stopping) return;
  const users = idp.config.users
    .map(
      (u) =>
        `      ${u.email} / ${u.password}  (${u.groups.length ? `groups: ${u.groups.join(", ")}` : "no groups"})`,
    )
    .join("\n");
  console.log(
    [
      "",
      "  Cognito Dashboard is running, offline.",
      "",
      `    Open        ${appUrl}`,
      `    Mock IdP    ${idp.url}`,
      "    Sign in as",
      users,
      "",
      "  Press Ctrl-C to stop both.",
      "",
    ].join("\n"),
  );
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!stopping) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await fail(`the dashboard did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s.`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops both; `problem` set means something went wrong (exit code 1). */
async function shutdown(problem?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (problem) console.error(`[start] ${problem}`);
  const child = dashboard;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(force);
  }
  await idp?.stop().catch(() => {});
  if (!problem) console.log("[start] Stopped the dashboard and the mock IdP.");
  process.exit(problem ? 1 : 0);
}

function fail(problem: string): Promise<void> {
  return shutdown(problem);
}

process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
// The mock runs in this process: if it crashes, the dashboard must not be left running alone.
process.on("uncaughtException", (err) => void fail(`the mock IdP failed: ${err.message}`));

main().catch((err: unknown) => fail(`could not start: ${(err as Error).message}`));
