// `npm start` (node scripts/start.ts) as a person runs it, on free ports (PORT=0, MOCK_IDP_PORT=0)
// so it never takes the shared registered ones.
import { execFileSync, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { userShellEnv } from "../../packages/dashboard/src/testing/user-shell-env.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function start(args: string[] = []) {
  const child = spawn(process.execPath, ["scripts/start.ts", ...args], {
    cwd: ROOT,
    env: userShellEnv({ PORT: "0", MOCK_IDP_PORT: "0" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const banner = (async () => {
    const deadline = Date.now() + 30_000;
    while (!output.includes("Press Ctrl-C")) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`no banner:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const app = output.match(/Open\s+(http:\/\/\S+)/)?.[1] ?? "";
    const idp = output.match(/Mock IdP\s+(http:\/\/\S+)/)?.[1] ?? "";
    return { app, idp };
  })();
  return { child, output: () => output, exited, banner };
}

async function answers(url: string): Promise<boolean> {
  try {
    await (
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) })
    ).body?.cancel();
    return true;
  } catch {
    return false;
  }
}

describe("npm start", () => {
  it("runs the mock IdP and the dashboard, prints the URL and the demo users, stops both on Ctrl-C", async () => {
    const run = start();
    const { app, idp } = await run.banner;
    expect(run.output()).toMatch(/demo@example\.com \/ \S+ +\(no groups\)/);
    expect(run.output()).toMatch(/admin@example\.com \/ \S+ +\(groups: admins\)/);
    expect(await (await fetch(`${app}/healthz`)).json()).toEqual({ status: "ok" });
    const login = await fetch(`${app}/login/cognito`, { redirect: "manual" });
    expect(new URL(login.headers.get("location") ?? "").origin).toBe(idp);
    expect(await answers(`${idp}/`)).toBe(true);

    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain("Stopped the dashboard and the mock IdP.");
    expect(await answers(`${app}/healthz`)).toBe(false);
    expect(await answers(`${idp}/`)).toBe(false);
  }, 40_000);

  it("refuses an unknown option with the usage, before starting anything", async () => {
    const run = start(["--lambda"]);
    run.banner.catch(() => {}); // There is none: that is the point.
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("Unknown option '--lambda'");
    expect(run.output()).toContain("Usage: npm start");
    expect(run.output()).not.toContain("Mock IdP");
  });

  it("stops the mock IdP, with a message, when the dashboard dies", async () => {
    const run = start();
    const { app, idp } = await run.banner;
    // The dashboard is the one child of the start script.
    const pid = Number(
      execFileSync("pgrep", ["-P", String(run.child.pid)])
        .toString()
        .trim(),
    );
    process.kill(pid, "SIGKILL");
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(
      "the dashboard stopped unexpectedly (SIGKILL); stopping the mock IdP.",
    );
    expect(await answers(`${app}/healthz`)).toBe(false);
    expect(await answers(`${idp}/`)).toBe(false);
  }, 40_000);
});
