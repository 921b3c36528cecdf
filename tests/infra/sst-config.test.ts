/**
 * The real sst.config.ts, bundled and run as the SST CLI runs it, under Pulumi's mocks (see
 * sst-harness.ts). Each assertion is about a property a deploy would get wrong without it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CLIENT_NAME_ENV,
  LOCAL_PORTS,
  localCallbackUrls,
  localLogoutUrls,
  MOCK_IDP,
} from "@cognito-dashboard/local-dev";
import { beforeAll, describe, expect, it } from "vitest";
import { hostedUiPrefix } from "../../infra/naming.ts";
import { ensureSstPlatform } from "../../scripts/sst-platform.ts";
import {
  evaluateApp,
  FAKE,
  type RecordedResource,
  ROOT,
  runStack,
  type StackRun,
} from "./sst-harness.ts";

const SESSION_SECRET = "test-session-secret-newest-0123456789abcdef";
const OLD_SESSION_SECRET = "test-session-secret-oldest-0123456789abcdef";
const SECRETS = { SST_SECRET_SessionSecret: `${SESSION_SECRET},${OLD_SESSION_SECRET}` };
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/test-cert";

let deployed: StackRun;
let prod: StackRun;
let dev: StackRun;
let customDomain: StackRun;

beforeAll(async () => {
  // On a clean clone CI generated the platform in `npm run typecheck`; if not, do it now.
  ensureSstPlatform();
  deployed = await runStack({ stage: "test", env: SECRETS });
  prod = await runStack({ stage: "prod", env: SECRETS });
  dev = await runStack({ stage: "test", dev: true, env: SECRETS });
  customDomain = await runStack({
    stage: "test",
    env: {
      ...SECRETS,
      DASHBOARD_AUTH_DOMAIN: "auth.example.com",
      DASHBOARD_AUTH_DOMAIN_CERT: CERT,
    },
  });
}, 300_000);

function only(run: StackRun, type: string): RecordedResource {
  const found = run.resources.filter((r) => r.type === type);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0] as RecordedResource;
}

const pool = (run: StackRun) => only(run, "aws:cognito/userPool:UserPool");
const client = (run: StackRun) => only(run, "aws:cognito/userPoolClient:UserPoolClient");
const lambda = (run: StackRun) => only(run, "aws:lambda/function:Function");
const role = (run: StackRun) => only(run, "aws:iam/role:Role");
const env = (run: StackRun) =>
  (lambda(run).inputs.environment as { variables: Record<string, string> }).variables;

describe("the app", () => {
  it("pins the installed sst version and keeps prod's resources, protected, on removal", async () => {
    const installed = JSON.parse(
      readFileSync(join(ROOT, "node_modules", "sst", "package.json"), "utf8"),
    ).version;
    const prodApp = await evaluateApp("prod");
    const devApp = await evaluateApp("alice");
    expect(prodApp).toMatchObject({ home: "aws", version: installed, removal: "retain" });
    expect(prodApp.protect).toBe(true);
    expect(devApp).toMatchObject({ home: "aws", version: installed, removal: "remove" });
    expect(devApp.protect).toBe(false);
  });
});

describe("the user pool", () => {
  it("uses the email as a case-insensitive username, admin-created users only", () => {
    const { inputs } = pool(deployed);
    expect(inputs.usernameAttributes).toEqual(["email"]);
    expect(inputs.aliasAttributes).toBeUndefined();
    expect(inputs.usernameConfiguration).toEqual({ caseSensitive: false });
    expect(inputs.adminCreateUserConfig).toMatchObject({ allowAdminCreateUserOnly: true });
    expect(inputs.autoVerifiedAttributes).toEqual(["email"]);
  });

  it("requires email and name", () => {
    const schemas = pool(deployed).inputs.schemas as { name: string; required: boolean }[];
    const required = schemas.filter((s) => s.required).map((s) => s.name);
    expect(required.sort()).toEqual(["email", "name"]);
  });

  it("has the admins group the dashboard's admin page requires", () => {
    const group = only(deployed, "aws:cognito/userGroup:UserGroup").inputs;
    expect(group).toMatchObject({ name: "admins", userPoolId: FAKE.userPoolId });
  });

  it("is protected from deletion on prod only", () => {
    expect(pool(prod).inputs.deletionProtection).toBe("ACTIVE");
    expect(pool(prod).options.retainOnDelete).toBe(true);
    expect(pool(deployed).inputs.deletionProtection).toBe("INACTIVE");
    expect(pool(deployed).options.retainOnDelete).not.toBe(true);
  });
});

describe("the hosted-UI domain", () => {
  it("is a prefix domain unique per app, stage and account, without Cognito's reserved words", () => {
    const testPrefix = only(deployed, "aws:cognito/userPoolDomain:UserPoolDomain").inputs.domain;
    const prodPrefix = only(prod, "aws:cognito/userPoolDomain:UserPoolDomain").inputs.domain;
    expect(testPrefix).toBe(hostedUiPrefix("cognito-dashboard", "test", FAKE.accountId));
    expect(testPrefix).not.toBe(prodPrefix);
    expect(testPrefix).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
    expect(testPrefix).not.toMatch(/aws|amazon|cognito/);
    expect(hostedUiPrefix("app", "dev", "111111111111")).not.toBe(
      hostedUiPrefix("app", "dev", "222222222222"),
    );
    expect(deployed.outputs.hostedUiUrl).toBe(
      `https://${testPrefix}.auth.${FAKE.region}.amazoncognito.com`,
    );
  });

  it("can be a custom domain with its certificate", () => {
    const domain = only(customDomain, "aws:cognito/userPoolDomain:UserPoolDomain").inputs;
    expect(domain).toMatchObject({ domain: "auth.example.com", certificateArn: CERT });
    expect(customDomain.outputs.hostedUiUrl).toBe("https://auth.example.com");
  });
});

describe("the app client", () => {
  it("allows the code flow only, with a secret and the four scopes", () => {
    const { inputs } = client(deployed);
    expect(inputs.allowedOauthFlows).toEqual(["code"]);
    expect(inputs.allowedOauthFlowsUserPoolClient).toBe(true);
    expect([...(inputs.allowedOauthScopes as string[])].sort()).toEqual([
      "email",
      "openid",
      "phone",
      "profile",
    ]);
    expect(inputs.generateSecret).toBe(true);
    expect(inputs.supportedIdentityProviders).toEqual(["COGNITO"]);
    expect(inputs.explicitAuthFlows).toEqual(["ALLOW_REFRESH_TOKEN_AUTH"]);
  });

  it("issues 30-minute ID and access tokens, 8-hour refresh tokens, revoked at logout", () => {
    const { inputs } = client(deployed);
    expect(inputs).toMatchObject({
      idTokenValidity: 30,
      accessTokenValidity: 30,
      refreshTokenValidity: 8,
      tokenValidityUnits: { idToken: "minutes", accessToken: "minutes", refreshToken: "hours" },
      enableTokenRevocation: true,
    });
  });

  it("registers the Function URL and the four localhost ports for callback and logout", () => {
    const { inputs } = client(deployed);
    const origin = FAKE.functionUrl.replace(/\/$/, "");
    expect(inputs.callbackUrls).toEqual([
      `${origin}/login/cognito/authorized`,
      ...localCallbackUrls(),
    ]);
    expect(inputs.logoutUrls).toEqual([`${origin}/`, ...localLogoutUrls()]);
    // The mock IdP's client has the same localhost lists, from the same module.
    for (const port of LOCAL_PORTS) {
      expect(inputs.callbackUrls).toContain(`http://localhost:${port}/login/cognito/authorized`);
      expect(inputs.logoutUrls).toContain(`http://localhost:${port}/`);
    }
  });

  it("belongs to the stage's pool and carries the name the function looks it up by", () => {
    const { inputs } = client(deployed);
    expect(inputs.userPoolId).toBe(FAKE.userPoolId);
    expect(inputs.name).toBe(env(deployed)[CLIENT_NAME_ENV]);
    expect(inputs.name).not.toBe(MOCK_IDP.clientId);
  });
});

describe("the dashboard function", () => {
  it("runs packages/dashboard's handler on nodejs24.x behind a public Function URL", () => {
    expect(lambda(deployed).inputs.runtime).toBe("nodejs24.x");
    const build = deployed.rpcCalls.find((c) => c.method === "Runtime.Build");
    expect(build?.args.handler).toBe("packages/dashboard/src/lambda.handler");
    const url = only(deployed, "aws:lambda/functionUrl:FunctionUrl").inputs;
    expect(url.authorizationType).toBe("NONE");
    expect(url.functionName).toBe(lambda(deployed).inputs.name);
    expect(deployed.outputs).toMatchObject({
      dashboardUrl: FAKE.functionUrl,
      userPoolId: FAKE.userPoolId,
    });
  });

  it("gets the pool and the session secret through links, never as plain environment", () => {
    const build = deployed.rpcCalls.find((c) => c.method === "Runtime.Build");
    const links = build?.args.links as Record<string, Record<string, unknown>>;
    expect(links.UserPool).toMatchObject({ id: FAKE.userPoolId });
    expect(links.SessionSecret).toMatchObject({ value: SECRETS.SST_SECRET_SessionSecret });

    const variables = env(deployed);
    const values = Object.values(variables).join("\n");
    for (const secret of [SESSION_SECRET, OLD_SESSION_SECRET, FAKE.clientSecret]) {
      expect(values).not.toContain(secret);
    }
    expect(values).not.toContain(FAKE.clientId);
    // Any COGNITO_* variable would switch the dashboard to environment configuration.
    expect(Object.keys(variables).filter((k) => k.startsWith("COGNITO_"))).toEqual([]);
  });

  it("may only describe the pool and list and describe its clients", () => {
    const inline = role(deployed).inputs.inlinePolicies as { policy: string }[];
    expect(inline).toHaveLength(1);
    const statements = JSON.parse((inline[0] as { policy: string }).policy).Statement;
    expect(statements).toEqual([
      {
        Effect: "Allow",
        Action: [
          "cognito-idp:DescribeUserPool",
          "cognito-idp:DescribeUserPoolClient",
          "cognito-idp:ListUserPoolClients",
        ],
        Resource: [FAKE.userPoolArn],
      },
    ]);
    const managed = role(deployed).inputs.managedPolicyArns as string[];
    expect(managed).toEqual(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
  });

  it("can be assumed by Lambda only once deployed", () => {
    const trust = role(deployed).inputs.assumeRolePolicy;
    const doc = typeof trust === "string" ? JSON.parse(trust) : trust;
    expect(doc.Statement).toHaveLength(1);
    expect(doc.Statement[0].Principal).toEqual({ Service: "lambda.amazonaws.com" });
  });
});

describe("sst dev", () => {
  it("runs the function live and the local dashboard on port 3000 against the stage's pool", () => {
    expect(dev.rpcCalls.map((c) => c.method)).toContain("Runtime.AddTarget");
    expect(dev.rpcCalls.map((c) => c.method)).not.toContain("Runtime.Build");
    const local = dev.components.find((c) => c.name === "LocalDashboard");
    expect(local?.args.dev).toMatchObject({ command: "npm run dev", autostart: true });
    expect(local?.args.environment).toEqual({
      PORT: String(LOCAL_PORTS[0]),
      COGNITO_DOMAIN: dev.outputs.hostedUiUrl,
      COGNITO_USER_POOL_ID: FAKE.userPoolId,
      COGNITO_CLIENT_ID: FAKE.clientId,
      COGNITO_CLIENT_SECRET: FAKE.clientSecret,
      SESSION_SECRET: SECRETS.SST_SECRET_SessionSecret,
    });
  });

  it("offers the mock IdP without starting it", () => {
    const mock = dev.components.find((c) => c.name === "MockIdp");
    expect(mock?.args.dev).toMatchObject({ command: "npm run mock-idp", autostart: false });
  });

  it("adds no dev commands to a deployed stage", () => {
    expect(deployed.components).toEqual([]);
  });
});

describe("the harness", () => {
  it("answered every call the program made", () => {
    for (const run of [deployed, prod, dev, customDomain]) {
      expect(run.unknownInvokes).toEqual([]);
      const methods = new Set(run.rpcCalls.map((c) => c.method));
      for (const method of methods) {
        expect([
          "Provider.Aws.Bootstrap",
          "Provider.Aws.Appsync",
          "Runtime.AddTarget",
          "Runtime.Build",
        ]).toContain(method);
      }
    }
  });
});
