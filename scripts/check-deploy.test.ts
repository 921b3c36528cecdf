/**
 * `npm run check-deploy` as a process: its usage errors (exit 2, one line), and a stage whose
 * names do not resolve (RFC 2606's `.invalid`, so never a real host): a line per check, the
 * propagating hosted UI told apart from a function that does not answer, exit 1.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "check-deploy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function checkDeploy(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync("npm", ["run", "--silent", "check-deploy", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: "AKIDCHECKDEPLOYTEST",
      AWS_SECRET_ACCESS_KEY: "not-a-real-secret",
      AWS_PROFILE: "",
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "https://cognito-idp.invalid",
      ...env,
    },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("npm run check-deploy", () => {
  it("needs a stage", () => {
    const result = checkDeploy([]);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      "check-deploy: which stage? usage: npm run check-deploy -- --stage <stage> [--outputs <file>]\n",
    );
  });

  it("refuses outputs of another stage in one line, exit 2", () => {
    const outputs = join(dir, "dev.json");
    writeFileSync(outputs, JSON.stringify({ stage: "dev" }));
    const result = checkDeploy(["--stage", "prod", "--outputs", outputs]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      `check-deploy: ${outputs} describes stage "dev" (the last one run from this checkout), not "prod": run \`npx sst deploy --stage prod\` from this checkout (it writes them there), or pass --outputs <file>.`,
    ]);
  });

  it("reports a stage that does not answer, a line per check, exit 1", () => {
    const outputs = join(dir, "prod.json");
    writeFileSync(
      outputs,
      JSON.stringify({
        dashboardUrl: "https://fn.invalid",
        hostedUiUrl: "https://auth.invalid",
        userPoolId: "eu-west-1_AbC123",
        clientId: "1example23456789",
        stage: "prod",
      }),
    );
    const result = checkDeploy(["--stage", "prod", "--outputs", outputs]);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("check-deploy: stage prod, https://fn.invalid");
    expect(lines[1]).toMatch(
      /^FAIL {2}function: the Function URL https:\/\/fn\.invalid does not answer: the name does not resolve \(E[A-Z_]+\)\. Fix: check dashboardUrl/,
    );
    expect(lines[2]).toBe("skip  session secret: not checked: the function does not answer");
    expect(lines[3]).toMatch(
      /^WAIT {2}hosted UI: auth\.invalid does not answer yet .*still propagating/,
    );
    expect(lines[4]).toMatch(/^FAIL {2}issuer: the discovery document got no answer/);
    expect(lines[5]).toBe("skip  JWKS: not checked: no discovery document");
    expect(lines[6]).toMatch(/^FAIL {2}admin: not checked: ListUsersInGroup failed/);
    expect(lines[7]).toBe("check-deploy: 0 passed, 3 to fix, 1 to wait for");
    expect(lines).toHaveLength(8);
    expect(result.status).toBe(1);
  });
});
