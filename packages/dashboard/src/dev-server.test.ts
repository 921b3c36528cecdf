// `npm run dev` as a person runs it: a real process, its output, its exit code.
// Uses PORT=0 (a free port) so it never binds the shared registered ones.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { userShellEnv } from "./testing/user-shell-env.ts";

const DEV_SERVER = fileURLToPath(new URL("./dev-server.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function run(env: Record<string, string>, args: string[] = [], viaNpm = false) {
  const child = viaNpm
    ? spawn("npm", ["run", "dev", ...args], {
        cwd: ROOT,
        // This Node first, so that npm runs the script with it.
        env: userShellEnv({ PATH: `${dirname(process.execPath)}:${process.env.PATH}`, ...env }),
        stdio: ["ignore", "pipe", "pipe"],
      })
    : spawn(process.execPath, ["--import", "tsx", DEV_SERVER, ...args], {
        env: userShellEnv(env),
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
  return { child, output: () => output, exited };
}

async function waitFor(
  read: () => string,
  pattern: RegExp,
  child: ChildProcess,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const match = read().match(pattern);
    if (match) return match;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no ${pattern} in:\n${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("npm run dev", () => {
  it("stops on a partial Cognito configuration, naming the setting, without a stack trace", async () => {
    const { output, exited } = run({ COGNITO_DOMAIN: "https://auth.example.com", PORT: "0" });
    expect(await exited).toBe(1);
    expect(output()).toContain("Configuration error: COGNITO_USER_POOL_ID");
    expect(output()).not.toMatch(/\n\s+at /);
  });

  it("`npm run dev` from the root: the configuration error is the last line, no npm error under it", async () => {
    const { output, exited } = run(
      { COGNITO_DOMAIN: "https://auth.example.com", PORT: "0" },
      [],
      true,
    );
    expect(await exited).toBe(1);
    const lines = output().trim().split("\n");
    expect(lines.at(-1)).toMatch(/^\[dashboard\] Configuration error: COGNITO_USER_POOL_ID: /);
    expect(output()).not.toContain("npm error");
  });

  it("refuses an unknown option or argument with the usage, before starting anything", async () => {
    for (const args of [["--lamda"], ["lambda"], ["--lambda=yes"]]) {
      const { output, exited } = run({ PORT: "0" }, args);
      expect(await exited, args.join(" ")).toBe(2);
      expect(output()).toContain("Usage: npm run dev [-- --lambda]");
      expect(output()).not.toContain("ready on");
    }
  });

  it("stops on a malformed PORT", async () => {
    const { output, exited } = run({ PORT: "http" });
    expect(await exited).toBe(1);
    expect(output()).toContain('PORT: "http" is not a port number');
  });

  it("serves on the mock defaults, warns about an unregistered port and a missing mock, stops on Ctrl-C", async () => {
    const { child, output, exited } = run({ PORT: "0", MOCK_IDP_URL: "http://localhost:9" });
    const [, url] = await waitFor(output, /ready on (http:\/\/localhost:\d+)/, child);
    expect(output()).toContain("is not a registered local port");
    expect(output()).toContain("The mock IdP does not answer at http://localhost:9");
    expect(output()).toContain("SESSION_SECRET is not set");
    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output()).toContain("Stopped.");
  });

  it("serves through the Lambda handler with --lambda", async () => {
    const { child, output, exited } = run({ PORT: "0", MOCK_IDP_URL: "http://localhost:9" }, [
      "--lambda",
    ]);
    const [, url] = await waitFor(output, /ready on (http:\/\/localhost:\d+)/, child);
    expect(output()).toContain("through the Lambda handler");
    const login = await fetch(`${url}/login/cognito`, { redirect: "manual" });
    expect(login.status).toBe(302);
    // BASE_URL is the local origin: the callback is http://localhost, not the adapter's https.
    const authorize = new URL(login.headers.get("location") ?? "");
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${url}/login/cognito/authorized`);
    expect(login.headers.getSetCookie()[0]).toMatch(/^cdash_tx_/);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
