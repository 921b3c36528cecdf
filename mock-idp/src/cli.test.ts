import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MOCK_IDP } from "@cognito-dashboard/local-dev";
import { afterEach, describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Runs `node src/cli.ts` (Node's own type stripping, as `npm run mock-idp` does). */
function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [cli], {
    env: { ...process.env, MOCK_IDP_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, exited, out: () => stdout, err: () => stderr };
}

/** Resolves with the first match of `pattern` in the output; rejects if the CLI exits first. */
function waitFor(
  run: { child: ChildProcess; out: () => string },
  pattern: RegExp,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(run.out());
      if (!match) return;
      run.child.stdout?.off("data", check);
      resolve(match);
    };
    run.child.stdout?.on("data", check);
    run.child.once("exit", (code) =>
      reject(new Error(`the CLI exited (${code}) before printing ${pattern}`)),
    );
    check();
  });
}

function badUsersFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "mock-idp-")), "users.json");
  writeFileSync(file, content);
  return file;
}

describe("npm run mock-idp (src/cli.ts)", () => {
  // How fast it starts is measured by `npm run bench` (target: ready in under 1.5 s), not here:
  // a timed assertion fails whenever the machine is busy.
  it("prints its URL, client and users, answers, and stops on SIGTERM", async () => {
    const cliRun = run({ MOCK_IDP_QUIET: "1" });
    const { child, exited, out } = cliRun;
    const [, url] = await waitFor(cliRun, /listening on (http:\/\/localhost:\d+)/);
    const discovery = await fetch(`${url}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(out()).toContain(MOCK_IDP.clientId);
    expect(out()).toContain(MOCK_IDP.clientSecret);
    expect(out()).toContain("demo@example.com / Passw0rd!");
    expect(out()).toContain("admin@example.com / Passw0rd! / admins");
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("takes the client id, secret and lifetimes from the environment", async () => {
    const cliRun = run({
      MOCK_IDP_CLIENT_ID: "otherclient",
      MOCK_IDP_CLIENT_SECRET: "another-secret-value",
      MOCK_IDP_QUIET: "1",
    });
    const { child, exited, out } = cliRun;
    await waitFor(cliRun, /listening on/);
    expect(out()).toContain("otherclient");
    expect(out()).toContain("another-secret-value");
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it.each([
    ["not JSON", "{ nope", "not valid JSON"],
    [
      "a user without a password",
      '[{"email":"a@b.c","name":"A"}]',
      'user 1: "password" must be a non-empty string',
    ],
    ["an object instead of an array", '{"users":[]}', "expected a JSON array of users"],
  ])("refuses a users file with %s in one line, exit code 1", async (_, content, problem) => {
    const file = badUsersFile(content);
    const { exited, out, err } = run({ MOCK_IDP_USERS: file });
    expect(await exited).toBe(1);
    expect(out()).toBe("");
    const lines = err().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toContain(problem);
  });

  it("reads MOCK_IDP_USERS relative to where npm was run", async () => {
    const file = badUsersFile('[{"email":"z@example.com","password":"pw","name":"Zed"}]');
    const cliRun = run({
      MOCK_IDP_USERS: "users.json",
      INIT_CWD: join(file, ".."),
      MOCK_IDP_QUIET: "1",
    });
    await waitFor(cliRun, /z@example\.com \/ pw \/ -/);
    cliRun.child.kill("SIGTERM");
    expect(await cliRun.exited).toBe(0);
  });

  it("says which port is taken", async () => {
    const first = run({ MOCK_IDP_QUIET: "1" });
    const [, port] = await waitFor(first, /listening on http:\/\/localhost:(\d+)/);
    const second = run({ MOCK_IDP_PORT: port as string });
    expect(await second.exited).toBe(1);
    expect(second.err().trim()).toBe(
      `mock-idp: port ${port} is in use; set MOCK_IDP_PORT to another port`,
    );
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
  });

  it("names a missing users file and a bad port in one line", async () => {
    const missing = run({ MOCK_IDP_USERS: "/nonexistent/users.json" });
    expect(await missing.exited).toBe(1);
    expect(missing.err().trim()).toBe(
      "mock-idp: cannot use the users file /nonexistent/users.json: no such file",
    );
    const port = run({ MOCK_IDP_PORT: "http" });
    expect(await port.exited).toBe(1);
    expect(port.err().trim()).toBe('mock-idp: MOCK_IDP_PORT must be a whole number, got "http"');
  });

  it("starts the pools of MOCK_IDP_POOLS and prints each pool's hosted UI and clients; names a bad file", async () => {
    const pools = badUsersFile(
      JSON.stringify({
        pools: [
          {
            id: "eu-west-1_CliPool",
            clients: [{ id: "clipoolclient", name: "web", secret: "cli-pool-secret" }],
            users: [{ email: "cli@example.com", password: "Passw0rd!", name: "Cli" }],
          },
        ],
      }),
    );
    const started = run({ MOCK_IDP_POOLS: pools });
    const [, url] = await waitFor(started, /listening on (http:\/\/localhost:\d+)/);
    await waitFor(started, /Press Ctrl\+C/);
    expect(started.out()).toContain(`pool eu-west-1_CliPool: hosted UI ${url}/eu-west-1_CliPool`);
    expect(started.out()).toContain("client         clipoolclient / secret cli-pool-secret");
    const discovery = await fetch(`${url}/eu-west-1_CliPool/.well-known/openid-configuration`);
    expect((await discovery.json()).authorization_endpoint).toBe(
      `${url}/eu-west-1_CliPool/oauth2/authorize`,
    );
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);

    const bad = run({ MOCK_IDP_POOLS: badUsersFile('{"pools": [{"id": "nope"}]}') });
    expect(await bad.exited).toBe(1);
    expect(bad.err().trim()).toMatch(
      /^mock-idp: cannot use the pools file .*pool 1: "id" must look like/,
    );
  });
});
