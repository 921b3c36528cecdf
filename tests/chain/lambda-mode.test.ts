// Binds a registered local port: run under `flock /tmp/ports.lock`.
// The production entry point (src/lambda.ts's `handler`) behind `npm run dev -- --lambda`'s
// Function URL bridge, in its own process, configured only through the environment.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CALLBACK_PATH } from "@cognito-dashboard/local-dev";
import type { MockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userShellEnv } from "../../packages/dashboard/src/testing/user-shell-env.ts";
import { Browser, parseForms } from "./browser.ts";
import {
  ADMIN,
  apiMe,
  DEMO,
  expectSignedOut,
  KEY_1,
  logIn,
  logOutWithButton,
  startIdp,
} from "./harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PORT = 8000;
const APP = `http://localhost:${PORT}`;

let idp: MockIdp;
let server: ChildProcess | undefined;
let output = "";

/** `npm run dev -- --lambda` without npm in between: the same script, the same flags. */
function startLambdaDevServer(env: Record<string, string>): Promise<void> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "packages/dashboard/src/dev-server.ts", "--lambda"],
    { cwd: ROOT, env: userShellEnv(env), stdio: ["ignore", "pipe", "pipe"] },
  );
  server = child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`ready on ${APP}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited (${code}):\n${output}`));
    });
  });
}

beforeAll(async () => {
  idp = await startIdp();
  await startLambdaDevServer({ PORT: String(PORT), MOCK_IDP_URL: idp.url, SESSION_SECRET: KEY_1 });
}, 30_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await idp?.stop();
});

describe("the login chain through the Lambda handler (npm run dev -- --lambda)", () => {
  it("says it serves through the Lambda handler", () => {
    expect(output).toContain("Lambda handler");
  });

  it("admin: the whole chain, several Set-Cookie headers in one response, logout", async () => {
    const browser = new Browser();
    const page = await logIn(browser, APP, "/admin?from=lambda", ADMIN, idp);
    expect(page.body).toContain("Administration");
    expect(page.body).toContain(ADMIN.email);

    // The callback answer sets the session and clears the login attempt's cookie: two headers
    // that only survive a Function URL through its `cookies` array.
    const callback = page.hops.find((h) => new URL(h.url).pathname === CALLBACK_PATH);
    const names = (callback?.setCookies ?? []).map((c) => c.split("=")[0]);
    expect(names).toContain("cdash_session");
    expect(names.some((n) => n?.startsWith("cdash_tx_"))).toBe(true);
    expect(callback?.setCookies.every((c) => !/;\s*secure/i.test(c))).toBe(true);

    expect(await apiMe(browser, APP)).toMatchObject({ status: 200, body: { email: ADMIN.email } });
    const out = await logOutWithButton(browser, page, APP);
    await expectSignedOut(browser, out, APP);
    expect((await apiMe(browser, APP)).status).toBe(401);
  });

  it("admin: user administration through the handler, the SDK loaded there on first use", async () => {
    const browser = new Browser();
    const users = await logIn(browser, APP, "/admin/users", ADMIN, idp);
    expect(users.body).toContain(`${DEMO.email}</a>`);
    const form = await browser.navigate(`${APP}/admin/users/invite`);
    const csrf = parseForms(form.body, form.url).find((f) => f.action.endsWith("/invite"));
    const invited = await browser.submit(csrf?.action ?? "", {
      ...csrf?.hidden,
      email: "lambda.invite@example.com",
      name: "Lambda Invite",
    });
    expect(invited.hops[0]?.status).toBe(303);
    expect(invited.body).toContain("Invitation sent to lambda.invite@example.com");
    expect(idp.outbox().some((m) => m.to === "lambda.invite@example.com")).toBe(true);
  });

  it("demo: /admin is 403 through the handler too", async () => {
    const browser = new Browser();
    await logIn(browser, APP, "/", DEMO, idp);
    const admin = await browser.navigate(`${APP}/admin`);
    expect(admin.response.status).toBe(403);
    expect(admin.hops).toHaveLength(1);
  });
});
