/**
 * `npm run check-deploy` against the deploy rehearsal (rehearsal.ts): the SST-built zip under
 * aws-lambda-ric behind a Function URL on AWS's names, the mock IdP as Cognito. The check runs as
 * a user runs it, a process that reaches AWS's names (through the rehearsal's hosts file and CA)
 * with the deployer's credentials; a healthy stage passes, and each fault the issue names, made
 * on purpose, gives its line and fix: the hosted UI's name not resolving yet, a client without the
 * function's callback (another pool behind the hosted UI's name), IAM refusing the function its
 * client lookup (cognito-idp refusing those calls), the function not starting, no admin.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { ADMINS_GROUP, mockUserPoolApi } from "@cognito-dashboard/local-dev";
import { startMockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessDenied, proxyTo } from "./aws-edge.ts";
import { type Rehearsal, startRehearsal } from "./rehearsal.ts";
import {
  hostsFileText,
  privateHostsProblem,
  runtimeClientProblem,
  withHostsFile,
} from "./runtime-client.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const STAGE = "rehearsal";
const problem = runtimeClientProblem() ?? privateHostsProblem();
const ci = !["", "0", "false"].includes(process.env.CI?.trim().toLowerCase() ?? "");

if (problem && ci) {
  describe("check-deploy against the rehearsal", () => {
    it("runs in CI", () => {
      throw new Error(`the rehearsal must run in CI, and cannot: ${problem}`);
    });
  });
} else if (problem) {
  console.warn(`SKIPPED check-deploy against the rehearsal: ${problem}`);
  describe.skip("check-deploy against the rehearsal", () => {
    it("needs what the message above says", () => undefined);
  });
} else {
  describe("check-deploy against the rehearsal", rehearsalChecks);
}

function rehearsalChecks() {
  let r: Rehearsal;
  let dir: string;
  let outputs: string;
  let sdk: CognitoIdentityProviderClient;

  beforeAll(async () => {
    r = await startRehearsal({ stage: STAGE });
    dir = mkdtempSync(join(tmpdir(), "check-deploy-rehearsal-"));
    outputs = join(dir, "outputs.json");
    // What `sst deploy --stage rehearsal` writes to .sst/outputs.json.
    writeFileSync(outputs, JSON.stringify(r.outputs));
    sdk = new CognitoIdentityProviderClient({ ...mockUserPoolApi(r.idp.url, r.idp.userPoolId) });
  }, 300_000);

  afterAll(async () => {
    sdk?.destroy();
    await r?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /**
   * `npm run check-deploy -- --stage rehearsal` with `names` resolving to the rehearsal's edge
   * (asynchronously: the edge and the Lambda service answer from this process).
   */
  async function checkDeploy(names: string[] = r.awsNames) {
    const hosts = join(dir, "hosts");
    writeFileSync(hosts, hostsFileText(names));
    const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const launcher = withHostsFile(hosts, [
          process.execPath,
          "-r",
          "./scripts/require-node.cjs",
          "scripts/check-deploy.ts",
          "--stage",
          STAGE,
          "--outputs",
          outputs,
        ]);
        const child = execFile(
          launcher.command,
          launcher.args,
          {
            cwd: ROOT,
            encoding: "utf8",
            timeout: 120_000,
            env: {
              ...process.env,
              NODE_EXTRA_CA_CERTS: r.caFile,
              // The deployer's credentials (the mock does not check them), and no endpoint override:
              // the SDK goes to cognito-idp.<region>.amazonaws.com like on a laptop.
              AWS_ACCESS_KEY_ID: "AKIDDEPLOYER",
              AWS_SECRET_ACCESS_KEY: "deployer-secret",
              AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "",
              AWS_ENDPOINT_URL: "",
              AWS_PROFILE: "",
            },
          },
          (_error, stdout, stderr) => resolve({ status: child.exitCode, stdout, stderr }),
        );
      },
    );
    const lines = result.stdout.trim().split("\n");
    const line = (check: string) => lines.find((l) => l.slice(6).startsWith(`${check}:`)) ?? "";
    return { status: result.status, lines, line, stderr: result.stderr };
  }

  it("passes the healthy stage, every line ok, exit 0", async () => {
    const result = await checkDeploy();
    expect(
      result.lines.slice(1, -1).map((l) => l.slice(0, 4)),
      result.lines.join("\n"),
    ).toEqual(Array(result.lines.length - 2).fill("ok  "));
    expect(result.lines.at(-1)).toMatch(/: the stage works$/);
    expect(result.status).toBe(0);
  }, 120_000);

  it("says the hosted UI is still propagating while its name does not resolve, exit 75", async () => {
    const hostedUi = new URL(r.hostedUi).host;
    const result = await checkDeploy(r.awsNames.filter((name) => name !== hostedUi));
    expect(result.line("hosted UI")).toMatch(
      new RegExp(
        `^WAIT {2}hosted UI: ${hostedUi.replaceAll(".", "\\.")} does not answer yet \\(the name does not resolve .*still propagating.*Fix: run this again in a minute`,
      ),
    );
    expect(result.status).toBe(75);
  }, 120_000);

  it("says the function does not start (the session secret), with the commands, exit 1", async () => {
    const good = r.lambda.variables;
    r.lambda.updateVariables({ ...good, SST_KEY: Buffer.alloc(32, 1).toString("base64") });
    try {
      const result = await checkDeploy();
      expect(result.line("function")).toMatch(/^FAIL {2}function: GET \/ answered HTTP 502/);
      expect(result.line("session secret")).toContain(
        `npx sst secret set SessionSecret "$(openssl rand -base64 32)" --stage ${STAGE} && npx sst deploy --stage ${STAGE}`,
      );
      expect(result.status).toBe(1);
    } finally {
      r.lambda.updateVariables(good);
    }
  }, 120_000);

  it("gives the create-user line when nobody is an admin, exit 1", async () => {
    const admin = {
      UserPoolId: r.idp.userPoolId,
      Username: "admin@example.com",
      GroupName: ADMINS_GROUP,
    };
    await sdk.send(new AdminRemoveUserFromGroupCommand(admin));
    try {
      const result = await checkDeploy();
      expect(result.line("admin")).toBe(
        `FAIL  admin: nobody is in the admins group yet, so nobody can invite users (self sign-up is off). Fix: USER_POOL_ID=${r.idp.userPoolId} npm run create-user -- --admin you@example.com "Your Name"`,
      );
      expect(result.status).toBe(1);
    } finally {
      await sdk.send(new AdminAddUserToGroupCommand(admin));
    }
  }, 120_000);

  it("says the app client does not list the function's callback, exit 1", async () => {
    const hostedUi = new URL(r.hostedUi).host;
    // The same pool and client behind the hosted UI's name, without the Function URL's callback.
    const other = await startMockIdp({
      port: 0,
      quiet: true,
      userPoolId: r.idp.userPoolId,
      clientId: r.idp.clientId,
      clientSecret: r.idp.clientSecret,
    });
    r.edge.route(hostedUi, proxyTo(other.url, hostedUi));
    try {
      const result = await checkDeploy();
      expect(result.line("hosted UI")).toBe(
        `FAIL  hosted UI: the app client does not list ${r.functionUrl}/login/cognito/authorized as a callback URL (Cognito: redirect_mismatch). Fix: npx sst deploy --stage ${STAGE} (the stack registers the Function URL's callback); if it is listed, look for a typo or a trailing slash in the client's allowed callback URLs`,
      );
      expect(result.status).toBe(1);
    } finally {
      r.edge.route(hostedUi, proxyTo(r.idp.url, hostedUi));
      await other.stop();
    }
  }, 120_000);

  it("says IAM refuses the function its client lookup, exit 1", async () => {
    const apiHost = r.awsNames.find((name) => name.startsWith("cognito-idp.")) as string;
    const poolDomain = new URL(r.hostedUi).host.split(".")[0] as string;
    const mock = proxyTo(r.idp.url, apiHost, { poolDomain });
    // What AWS answers a role whose policy lacks the call: before the pool is even looked at.
    r.edge.route(apiHost, (req, res) => {
      const operation =
        String(req.headers["x-amz-target"] ?? "")
          .split(".")
          .pop() ?? "";
      if (!["DescribeUserPoolClient", "ListUserPoolClients"].includes(operation))
        return mock(req, res);
      accessDenied(req, res, `User is not authorized to perform: cognito-idp:${operation}`);
    });
    await r.lambda.recycle(); // a new environment, which has not looked its client up yet
    try {
      const result = await checkDeploy();
      expect(result.line("client settings")).toMatch(
        /^FAIL {2}client settings: the function may not read its app client: Cognito refused DescribeUserPoolClient to its role \(IAM\)\. Fix: npx sst deploy --stage rehearsal .*cognito-idp:DescribeUserPoolClient/,
      );
      expect(result.line("sign-in redirect")).toMatch(
        /^FAIL {2}sign-in redirect: GET \/login\/cognito got HTTP 503/,
      );
      expect(result.line("admin")).toMatch(/^ok {4}admin:/);
      expect(result.status).toBe(1);
    } finally {
      r.edge.route(apiHost, mock);
      await r.lambda.recycle();
    }
  }, 120_000);
}
