/**
 * check-deploy against a stage made of real parts: the dashboard app (its real routes, middleware
 * and client-settings discovery, answering for the Function URL's host), the mock IdP as the
 * hosted UI, the issuer and the user-pool API (real HTTP on a free port, the admin check through
 * the SDK's own AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER). Each fault the issue names is made
 * on purpose and must give its line and fix. (The same against the SST-built zip under AWS's
 * runtime client is tests/infra's rehearsal, when it is there.)
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { ADMINS_GROUP, CALLBACK_PATH, MOCK_IDP } from "@cognito-dashboard/local-dev";
import { type MockIdp, startMockIdp } from "@cognito-dashboard/mock-idp";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../packages/dashboard/src/app.tsx";
import { cognitoApi } from "../../packages/dashboard/src/config/cognito-api.ts";
import { clientSettingsProvider } from "../../packages/dashboard/src/config/cognito-discovery.ts";
import { parseSessionSecrets } from "../../packages/dashboard/src/config/session-secrets.ts";
import { accessDenied } from "../../tests/rehearsal/aws-edge.ts";
import type { CheckLine } from "./check-line.ts";
import { checkStage, EXIT_TEMPFAIL, exitCode, formatLines } from "./check-stage.ts";
import { type Probed, probe } from "./probe.ts";
import type { StageOutputs } from "./stage-outputs.ts";

const REGION = "eu-west-1";
const POOL = `${REGION}_CheckDep1oy`;
const CLIENT = "checkdeployclient000000001";
const CLIENT_NAME = "dashboard";
const FUNCTION_URL = "https://abcdefghijklmnopqrstuvwxyz234567.lambda-url.eu-west-1.on.aws";
const HOSTED_UI = "https://cognito-dashboard-test-0a1b2c3d.auth.eu-west-1.amazoncognito.com";
const SECRET = "check-deploy-session-secret-0123456789abcdef";

let idp: MockIdp;
let denyAll: Server;
let denyAllUrl: string;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  idp = await startMockIdp({
    port: 0,
    quiet: true,
    userPoolId: POOL,
    clientId: CLIENT,
    extraCallbackUrls: [`${FUNCTION_URL}${CALLBACK_PATH}`],
  });
  // What Cognito answers a role whose policy lacks the call (IAM's refusal, before the pool).
  denyAll = createServer((req, res) =>
    accessDenied(
      req,
      res,
      `User: arn:aws:sts::123456789012:assumed-role/dashboard/fn is not authorized to perform: cognito-idp:DescribeUserPoolClient on resource: arn:aws:cognito-idp:${REGION}:123456789012:userpool/${POOL} because no identity-based policy allows the cognito-idp:DescribeUserPoolClient action`,
    ),
  );
  await new Promise<void>((ok) => denyAll.listen(0, "127.0.0.1", ok));
  denyAllUrl = `http://127.0.0.1:${(denyAll.address() as AddressInfo).port}`;
  // The deployer's shell: the SDK's default credential chain and its standard endpoint variable.
  vi.stubEnv("AWS_ACCESS_KEY_ID", MOCK_IDP.apiCredentials.accessKeyId);
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOCK_IDP.apiCredentials.secretAccessKey);
  vi.stubEnv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", idp.url);
  vi.stubEnv("AWS_PROFILE", "");
  sdk = new CognitoIdentityProviderClient({ region: REGION });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  sdk?.destroy();
  await idp?.stop();
  await new Promise((ok) => denyAll?.close(ok));
});

const outputs = (over: Partial<StageOutputs> = {}): StageOutputs => ({
  stage: "test",
  dashboardUrl: FUNCTION_URL,
  hostedUiUrl: HOSTED_UI,
  userPoolId: POOL,
  region: REGION,
  clientId: CLIENT,
  ...over,
});

/**
 * The deployed function: the dashboard with the settings `sst deploy` leaves (pool and secret
 * linked, client id and hosted UI handed over, the secret asked of Cognito), or `undefined` when
 * its start fails as it does on Lambda (a session secret that does not parse).
 */
function deployedFunction(
  options: { sessionSecret?: string; cognitoEndpoint?: string } = {},
): Hono | undefined {
  let sessionSecrets: string[];
  try {
    sessionSecrets = parseSessionSecrets(
      options.sessionSecret ?? SECRET,
      "SessionSecret",
      "sst secret set",
    );
  } catch {
    return undefined;
  }
  const api = cognitoApi({
    region: REGION,
    endpoint: options.cognitoEndpoint ?? idp.url,
    env: {
      AWS_ACCESS_KEY_ID: MOCK_IDP.apiCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOCK_IDP.apiCredentials.secretAccessKey,
    },
    maxAttempts: 1,
  });
  return createApp({
    source: "sst",
    auth: {
      userPoolId: POOL,
      sessionSecrets,
      clientBinding: CLIENT,
      clientSettings: clientSettingsProvider({
        userPoolId: POOL,
        clientName: CLIENT_NAME,
        clientId: CLIENT,
        domain: HOSTED_UI,
        api,
      }),
    },
  });
}

async function answerOf(res: Response): Promise<Probed> {
  return {
    ok: true,
    status: res.status,
    headers: res.headers,
    setCookies: res.headers.getSetCookie(),
    body: await res.text(),
  };
}

/**
 * The network as the laptop sees it: the Function URL's host answered by the function (502, as
 * Lambda's front answers, when it did not start), the hosted UI's host by the mock IdP (its
 * redirects back under the hosted UI's name), or `hostedUi` instead (a domain not there yet).
 */
function network(fn: Hono | undefined, hostedUi?: Probed): typeof probe {
  return async (url, options = {}) => {
    const target = new URL(url);
    if (target.origin === new URL(FUNCTION_URL).origin) {
      if (!fn) return answerOf(new Response("Internal Server Error", { status: 502 }));
      return answerOf(await fn.request(url, { headers: { accept: options.accept ?? "*/*" } }));
    }
    if (target.origin === HOSTED_UI) {
      if (hostedUi) return hostedUi;
      const answer = await probe(`${idp.url}${target.pathname}${target.search}`, options);
      if (!answer.ok) return answer;
      const headers = new Headers(answer.headers);
      const location = headers.get("location");
      if (location?.startsWith(idp.url))
        headers.set("location", `${HOSTED_UI}${location.slice(idp.url.length)}`);
      return { ...answer, headers };
    }
    return probe(url, options);
  };
}

const byCheck = (lines: CheckLine[]) => Object.fromEntries(lines.map((line) => [line.check, line]));

describe("check-deploy", () => {
  it("passes a healthy stage, one ok line per check", async () => {
    const lines = await checkStage(outputs(), { get: network(deployedFunction()) });
    expect(formatLines(lines).join("\n")).not.toMatch(/^(FAIL|WAIT|skip)/m);
    expect(lines.map((line) => line.check)).toEqual([
      "function",
      "session secret",
      "security headers",
      "API",
      "sign-in redirect",
      "attempt cookie",
      "client settings",
      "hosted UI",
      "issuer",
      "JWKS",
      "admin",
    ]);
    expect(exitCode(lines)).toBe(0);
  });

  it("says a new hosted-UI domain is still propagating, and exits 75 to run again", async () => {
    const lines = await checkStage(outputs(), {
      get: network(deployedFunction(), {
        ok: false,
        failure: "dns",
        detail: "the name does not resolve (ENOTFOUND)",
      }),
    });
    const hostedUi = byCheck(lines)["hosted UI"];
    expect(hostedUi?.state).toBe("wait");
    expect(formatLines([hostedUi as CheckLine])[0]).toMatch(
      /^WAIT {2}hosted UI: cognito-dashboard-test-0a1b2c3d\.auth\.eu-west-1\.amazoncognito\.com does not answer yet \(the name does not resolve \(ENOTFOUND\)\): still propagating .*Fix: run this again in a minute/,
    );
    expect(exitCode(lines)).toBe(EXIT_TEMPFAIL);
  });

  it("says so when the app client does not list the function's callback", async () => {
    // The same pool and client, but the client's callback URLs lack the Function URL's.
    const unregistered = await startMockIdp({
      port: 0,
      quiet: true,
      userPoolId: POOL,
      clientId: CLIENT,
    });
    try {
      const lines = await checkStage(outputs(), {
        get: async (url, options) => {
          const answer = await network(deployedFunction())(url, options);
          if (!url.startsWith(HOSTED_UI)) return answer;
          return probe(url.replace(HOSTED_UI, unregistered.url), options);
        },
      });
      const hostedUi = byCheck(lines)["hosted UI"];
      expect(hostedUi).toMatchObject({
        state: "fail",
        said: `the app client does not list ${FUNCTION_URL}${CALLBACK_PATH} as a callback URL (Cognito: redirect_mismatch)`,
      });
      expect(hostedUi?.fix).toMatch(/^npx sst deploy --stage test \(the stack registers/);
      expect(byCheck(lines)["sign-in redirect"]?.state).toBe("ok");
      expect(exitCode(lines)).toBe(1);
    } finally {
      await unregistered.stop();
    }
  });

  it("says when IAM refuses the function its client-secret lookup", async () => {
    const lines = byCheck(
      await checkStage(outputs(), {
        get: network(deployedFunction({ cognitoEndpoint: denyAllUrl })),
      }),
    );
    expect(lines["client settings"]).toMatchObject({
      state: "fail",
      said: "the function may not read its app client: Cognito refused DescribeUserPoolClient to its role (IAM)",
    });
    expect(lines["client settings"]?.fix).toMatch(/cognito-idp:DescribeUserPoolClient/);
    // A sign-in needs the same lookup, so it fails too, and points at the line above.
    expect(lines["sign-in redirect"]?.state).toBe("fail");
    expect(lines.function?.state).toBe("ok");
  });

  it("says when the function does not start: the session secret, with the commands", async () => {
    const lines = byCheck(
      await checkStage(outputs(), { get: network(deployedFunction({ sessionSecret: "" })) }),
    );
    expect(lines.function).toMatchObject({ state: "fail" });
    expect(lines.function?.said).toMatch(/^GET \/ answered HTTP 502/);
    expect(lines["session secret"]?.state).toBe("fail");
    expect(lines["session secret"]?.fix).toContain(
      'npx sst secret set SessionSecret "$(openssl rand -base64 32)" --stage test && npx sst deploy --stage test',
    );
    // The rest of the stage is still checked.
    expect(lines["hosted UI"]?.state).toBe("ok");
    expect(lines.admin?.state).toBe("ok");
  });

  it("gives the exact create-user command when nobody is an admin", async () => {
    await sdk.send(
      new AdminRemoveUserFromGroupCommand({
        UserPoolId: POOL,
        Username: "admin@example.com",
        GroupName: ADMINS_GROUP,
      }),
    );
    try {
      const lines = byCheck(await checkStage(outputs(), { get: network(deployedFunction()) }));
      expect(lines.admin).toMatchObject({
        state: "fail",
        said: "nobody is in the admins group yet, so nobody can invite users (self sign-up is off)",
        fix: `USER_POOL_ID=${POOL} npm run create-user -- --admin you@example.com "Your Name"`,
      });
    } finally {
      await sdk.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: POOL,
          Username: "admin@example.com",
          GroupName: ADMINS_GROUP,
        }),
      );
    }
  });
});
