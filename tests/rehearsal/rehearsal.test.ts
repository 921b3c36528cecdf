/**
 * The deploy rehearsal in Chromium (rehearsal.ts): the SST-built zip under aws-lambda-ric, behind
 * a Function URL, on AWS's host names, the mock IdP as Cognito, the function's variables as the
 * deploy leaves them. Needs root and Chromium (in CI, their absence is a failure) and the runtime
 * client's addon (`npm run rehearse:setup`; without it the rehearsal is skipped with one line).
 */
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_PATH, INSTALL_COMMAND } from "../browser/chromium.ts";
import { ADMIN_USER, expectHostedLogin, logOut, signIn } from "../browser/pages.ts";
import { type Rehearsal, startRehearsal } from "./rehearsal.ts";
import { privateHostsProblem, runtimeClientProblem } from "./runtime-client.ts";

// The addon is built by `npm run rehearse:setup`, which .ci/run runs (and fails on): a checkout
// without it skips the rehearsal with the command to run. Root and Chromium are CI's to provide.
const missingAddon = runtimeClientProblem();
const problem =
  privateHostsProblem() ??
  (existsSync(CHROMIUM_PATH) ? undefined : `${CHROMIUM_PATH} is missing: ${INSTALL_COMMAND}`);
const ci = !["", "0", "false"].includes(process.env.CI?.trim().toLowerCase() ?? "");

if (problem && ci) {
  describe("the deploy rehearsal", () => {
    it("runs in CI", () => {
      throw new Error(`the rehearsal must run in CI, and cannot: ${problem}`);
    });
  });
} else if (missingAddon ?? problem) {
  console.warn(`SKIPPED the deploy rehearsal (tests/rehearsal): ${missingAddon ?? problem}`);
  describe.skip("the deploy rehearsal", () => {
    it("needs what the message above says", () => undefined);
  });
} else {
  describe("the deploy rehearsal", rehearsalTests);
}

function rehearsalTests() {
  let r: Rehearsal;
  let browser: Browser;

  beforeAll(async () => {
    r = await startRehearsal();
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", ...r.chromiumArgs],
      timeout: 30_000,
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await r?.stop();
  });

  async function withPage(body: (page: Page) => Promise<void>) {
    const context = await browser.newContext();
    context.setDefaultTimeout(20_000);
    context.setDefaultNavigationTimeout(30_000);
    try {
      await body(await context.newPage());
    } finally {
      await context.close();
    }
  }

  async function signInAsAdmin(page: Page, path: string) {
    await page.goto(`${r.functionUrl}${path}`);
    await expectHostedLogin(page, r.hostedUi);
    await signIn(page, ADMIN_USER.email, ADMIN_USER.password);
    await page.waitForURL(`${r.functionUrl}${path}`);
  }

  it("serves the zip SST builds: bundle.handler, no source map", () => {
    expect(r.handler).toBe("bundle.handler");
    expect(r.zip.files).toContain("bundle.mjs");
    expect(r.zip.files.filter((f) => f.endsWith(".map"))).toEqual([]);
  });

  it("signs an admin in on a cold start, opens /admin/users (the SDK chunk), and logs out", async () => {
    await r.lambda.recycle();
    const before = r.lambda.coldStarts;
    await withPage(async (page) => {
      await signInAsAdmin(page, "/admin");
      await page.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
      const users = await page.goto(`${r.functionUrl}/admin/users`);
      expect(users?.status()).toBe(200);
      await page.getByRole("cell", { name: ADMIN_USER.email }).first().waitFor();
      await logOut(page, r.functionUrl);
    });
    expect(r.lambda.coldStarts).toBeGreaterThan(before);
    const logs = r.lambda.logs.join("\n");
    expect(logs, "a token in the function's log").not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    // The environment that served it runs `node` as Lambda's bootstrap does for 1024 MB.
    const lines = r.lambda.commandLines();
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.slice(1, 6)).toEqual([
        "--expose-gc",
        "--max-http-header-size",
        "81920",
        "--max-semi-space-size=51",
        "--max-old-space-size=922",
      ]);
      expect(line[6]).toMatch(/aws-lambda-ric\/index\.mjs$/);
    }
  }, 60_000);

  it("signs in on a fresh environment before addEnvironment's update lands (the name lookup)", async () => {
    r.lambda.updateVariables(r.deployedVariables);
    try {
      await withPage(async (page) => {
        await signInAsAdmin(page, "/");
        await page.getByRole("button", { name: "Log out" }).waitFor();
        await logOut(page, r.functionUrl);
      });
    } finally {
      r.lambda.updateVariables({ ...r.deployedVariables, ...r.environmentUpdate });
    }
  }, 60_000);

  it("keeps a signed-in user working after a later configuration change drops the update's variables", async () => {
    await withPage(async (page) => {
      await signInAsAdmin(page, "/");
      // A later deploy changes the function's configuration through Pulumi, which knows nothing of
      // the variables addEnvironment set: until the update runs again, they are gone.
      r.lambda.updateVariables(r.deployedVariables);
      try {
        const answer = await page.goto(`${r.functionUrl}/admin/users`);
        // A session bound to the client id no longer opens under the client's name: the browser
        // goes back through the hosted UI, whose own session signs it in again without a form.
        expect(answer?.status()).toBe(200);
        await page.waitForURL(`${r.functionUrl}/admin/users`);
        await page.getByRole("cell", { name: ADMIN_USER.email }).first().waitFor();
      } finally {
        r.lambda.updateVariables({ ...r.deployedVariables, ...r.environmentUpdate });
      }
    });
  }, 60_000);

  it("answers 502 when the function cannot start (a wrong SST_KEY: an init error)", async () => {
    const good = r.lambda.variables;
    r.lambda.updateVariables({ ...good, SST_KEY: Buffer.alloc(32, 1).toString("base64") });
    try {
      await withPage(async (page) => {
        const answer = await page.goto(`${r.functionUrl}/`);
        expect(answer?.status()).toBe(502);
      });
      expect(r.lambda.logs.join("\n")).toMatch(/Init Error|InitError|init failed/i);
    } finally {
      r.lambda.updateVariables(good);
    }
    await withPage(async (page) => {
      const answer = await page.goto(`${r.functionUrl}/`);
      expect(answer?.url()).toContain(r.hostedUi);
    });
  }, 60_000);
}
