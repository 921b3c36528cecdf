/**
 * The real sst.config.ts, bundled and run as the SST CLI runs it, under Pulumi's mocks (see
 * sst-harness.ts). Each assertion is about a property a deploy would get wrong without it.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CLIENT_ID_ENV,
  CLIENT_NAME_ENV,
  HOSTED_UI_ENV,
  LOCAL_PORTS,
  localCallbackUrls,
  localLogoutUrls,
  MOCK_IDP,
  SIGNED_OUT_PATH,
} from "@cognito-dashboard/local-dev";
import { beforeAll, describe, expect, it } from "vitest";
import { DASHBOARD_FUNCTION } from "../../infra/dashboard-function.ts";
import { allowsLocalhostUrls } from "../../infra/localhost-urls.ts";
import { hostedUiPrefix } from "../../infra/naming.ts";
import { POOL_FEATURES, poolFeatureArgs } from "../../infra/pool-features.ts";
import { ensureSstPlatform } from "../../scripts/sst-platform.ts";
import {
  evaluateApp,
  FAKE,
  pinnedRegion,
  type RecordedResource,
  ROOT,
  runStack,
  type StackRun,
  StackRunError,
} from "./sst-harness.ts";

const SESSION_SECRET = "test-session-secret-newest-0123456789abcdef";
const OLD_SESSION_SECRET = "test-session-secret-oldest-0123456789abcdef";
const SECRETS = { SST_SECRET_SessionSecret: `${SESSION_SECRET},${OLD_SESSION_SECRET}` };
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/test-cert";

let deployed: StackRun;
let prod: StackRun;
let dev: StackRun;
let customDomain: StackRun;
let noLocalhost: StackRun;

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
  noLocalhost = await runStack({
    stage: "test",
    env: { ...SECRETS, DASHBOARD_LOCALHOST_URLS: "off" },
  });
}, 300_000);

/** A run that must stop before registering any resource: its error message. */
async function refusal(options: Parameters<typeof runStack>[0]): Promise<string> {
  const error = await runStack(options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the run should have failed").toBeInstanceOf(StackRunError);
  // Nothing but the stack itself.
  expect((error as StackRunError).resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  return (error as Error).message;
}

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

  it("pins the AWS region in sst.config.ts for every stage, so the shell's profile cannot move it", async () => {
    for (const stage of ["prod", "alice", "test"]) {
      expect(pinnedRegion(await evaluateApp(stage)), stage).toBe(FAKE.region);
    }
    // The region the provider lookups answered with is the pinned one.
    const group = only(prod, "aws:cognito/userPoolDomain:UserPoolDomain").inputs.domain;
    expect(prod.outputs.hostedUiUrl).toBe(`https://${group}.auth.${FAKE.region}.amazoncognito.com`);
  });

  it("leaves sst dev on prod to SST, which refuses it on a protected stage before run()", async () => {
    // SST 4.17.1 (cmd/sst/mosaic.go) stops `sst dev` on any stage whose app() says `protect`, with
    // this line, before the program runs; prod is protected, so no check of ours would be reached.
    expect((await evaluateApp("prod")).protect).toBe(true);
    const platform = readdirSync(join(ROOT, "node_modules")).find(
      (name) =>
        /^sst-(linux|darwin|win32)-/.test(name) &&
        existsSync(join(ROOT, "node_modules", name, "bin")),
    );
    if (!platform) throw new Error("no SST CLI binary installed (node_modules/sst-<os>-<arch>)");
    const bin = join(ROOT, "node_modules", platform, "bin");
    const binary = readFileSync(join(bin, readdirSync(bin)[0] as string)).toString("latin1");
    expect(binary).toContain("Cannot run `sst dev` on a protected stage.");
  });

  it("refuses a deploy without a SessionSecret, naming the command for the stage", async () => {
    const message = await refusal({ stage: "staging", env: {} });
    expect(message).toContain(
      'npx sst secret set SessionSecret "$(openssl rand -base64 32)" --stage staging',
    );
  });

  it("refuses a 10-character SessionSecret at deploy, not at every cold start", async () => {
    const message = await refusal({
      stage: "prod",
      env: { SST_SECRET_SessionSecret: "0123456789" },
    });
    expect(message).toContain("is 10 characters; each needs at least 32");
    expect(message).toContain("--stage prod");
    expect(message).not.toContain("0123456789");
    // Each secret of a rotation list is checked.
    const second = await refusal({
      stage: "test",
      env: { SST_SECRET_SessionSecret: `${SESSION_SECRET},short` },
    });
    expect(second).toContain("secret #2 of 2 is 5 characters");
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

  it("is protected and retained on prod only, with its admins group", () => {
    expect(pool(prod).inputs.deletionProtection).toBe("ACTIVE");
    expect(pool(prod).options).toMatchObject({ protect: true, retainOnDelete: true });
    const group = (run: StackRun) => only(run, "aws:cognito/userGroup:UserGroup");
    expect(group(prod).options).toMatchObject({ protect: true, retainOnDelete: true });
    expect(pool(deployed).inputs.deletionProtection).toBe("INACTIVE");
    expect(pool(deployed).options.retainOnDelete).not.toBe(true);
    expect(pool(deployed).options.protect).not.toBe(true);
    expect(group(deployed).options.protect).not.toBe(true);
  });

  it("asks for passwords of 12 characters or more", () => {
    expect(pool(deployed).inputs.passwordPolicy).toMatchObject({ minimumLength: 12 });
    expect(pool(prod).inputs.passwordPolicy).toMatchObject({ minimumLength: 12 });
  });

  it("leaves TOTP MFA, threat protection and an SES sender off by default, on the Lite plan", () => {
    expect(POOL_FEATURES).toEqual({
      totpMfa: false,
      threatProtection: undefined,
      sesSender: undefined,
    });
    const { inputs } = pool(prod);
    expect(inputs.mfaConfiguration).toBe("OFF");
    expect(inputs.softwareTokenMfaConfiguration).toBeUndefined();
    expect(inputs.userPoolAddOns).toEqual({ advancedSecurityMode: "OFF" });
    // Set, not left to CreateUserPool (Essentials) or to what the pool had (Plus, after threat
    // protection is turned off).
    expect(inputs.userPoolTier).toBe("LITE");
    expect(pool(deployed).inputs.userPoolTier).toBe("LITE");
    expect(inputs.emailConfiguration).toEqual({ emailSendingAccount: "COGNITO_DEFAULT" });
  });

  it("turns each optional feature on with one value", () => {
    expect(poolFeatureArgs({ ...POOL_FEATURES, totpMfa: true })).toMatchObject({
      mfaConfiguration: "OPTIONAL",
      softwareTokenMfaConfiguration: { enabled: true },
    });
    expect(poolFeatureArgs({ ...POOL_FEATURES, threatProtection: "enforced" })).toMatchObject({
      userPoolTier: "PLUS",
      advancedSecurityMode: "ENFORCED",
    });
    expect(poolFeatureArgs({ ...POOL_FEATURES, threatProtection: "audit" }).userPoolTier).toBe(
      "PLUS",
    );
    expect(poolFeatureArgs({ ...POOL_FEATURES, threatProtection: undefined }).userPoolTier).toBe(
      "LITE",
    );
    expect(
      poolFeatureArgs({ ...POOL_FEATURES, sesSender: "Dashboard <no-reply@mail.example.com>" })
        .sesIdentity,
    ).toBe("mail.example.com");
    expect(() => poolFeatureArgs({ ...POOL_FEATURES, sesSender: "nobody" })).toThrow(/sesSender/);
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

  it("is deleted before its replacement is created, so two clients never share the name", () => {
    expect(client(deployed).options.deleteBeforeReplace).toBe(true);
    expect(client(prod).options.deleteBeforeReplace).toBe(true);
  });

  it("lists only the Function URL on prod: no localhost callback or logout URL", () => {
    const origin = FAKE.functionUrl.replace(/\/$/, "");
    expect(client(prod).inputs.callbackUrls).toEqual([`${origin}/login/cognito/authorized`]);
    expect(client(prod).inputs.logoutUrls).toEqual([`${origin}${SIGNED_OUT_PATH}`]);
    expect(JSON.stringify(client(prod).inputs)).not.toContain("localhost");
  });

  it("drops the localhost URLs on another stage with DASHBOARD_LOCALHOST_URLS=off", () => {
    expect(JSON.stringify(client(noLocalhost).inputs)).not.toContain("localhost");
    expect(allowsLocalhostUrls("alice", {})).toBe(true);
    expect(allowsLocalhostUrls("prod", {})).toBe(false);
    expect(allowsLocalhostUrls("prod", { DASHBOARD_LOCALHOST_URLS: "off" })).toBe(false);
    expect(() => allowsLocalhostUrls("prod", { DASHBOARD_LOCALHOST_URLS: "on" })).toThrow(/prod/);
    expect(() => allowsLocalhostUrls("alice", { DASHBOARD_LOCALHOST_URLS: "yes" })).toThrow(
      /"on" or "off"/,
    );
  });

  it("registers the Function URL and the four localhost ports for callback and logout on other stages", () => {
    const { inputs } = client(deployed);
    const origin = FAKE.functionUrl.replace(/\/$/, "");
    expect(inputs.callbackUrls).toEqual([
      `${origin}/login/cognito/authorized`,
      ...localCallbackUrls(),
    ]);
    expect(inputs.logoutUrls).toEqual([`${origin}${SIGNED_OUT_PATH}`, ...localLogoutUrls()]);
    // The mock IdP's client has the same localhost lists, from the same module.
    for (const port of LOCAL_PORTS) {
      expect(inputs.callbackUrls).toContain(`http://localhost:${port}/login/cognito/authorized`);
      expect(inputs.logoutUrls).toContain(`http://localhost:${port}${SIGNED_OUT_PATH}`);
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
  it("runs packages/dashboard's handler on nodejs24.x, arm64, behind a public Function URL", () => {
    expect(lambda(deployed).inputs.runtime).toBe("nodejs24.x");
    expect(lambda(deployed).inputs.architectures).toEqual(["arm64"]);
    expect(lambda(deployed).inputs.memorySize).toBe(1024);
    const build = deployed.rpcCalls.find((c) => c.method === "Runtime.Build");
    expect(build?.args.handler).toBe("packages/dashboard/src/lambda.handler");
    const url = only(deployed, "aws:lambda/functionUrl:FunctionUrl").inputs;
    expect(url.authorizationType).toBe("NONE");
    expect(url.functionName).toBe(lambda(deployed).inputs.name);
    // A public URL needs both grants on the function, or every request is a 403.
    const grants = deployed.resources
      .filter((r) => r.type === "aws:lambda/permission:Permission")
      .map((r) => r.inputs);
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "lambda:InvokeFunctionUrl",
          principal: "*",
          functionUrlAuthType: "NONE",
          function: lambda(deployed).inputs.name,
        }),
        expect.objectContaining({
          action: "lambda:InvokeFunction",
          principal: "*",
          function: lambda(deployed).inputs.name,
        }),
      ]),
    );
    expect(deployed.outputs).toMatchObject({
      dashboardUrl: FAKE.functionUrl,
      userPoolId: FAKE.userPoolId,
      // npm run check-deploy compares the function's sign-in redirect with these.
      clientId: FAKE.clientId,
      stage: "test",
    });
  });

  it("is built minified as ESM for arm64, with the options the bench builds with", () => {
    const build = deployed.rpcCalls.find((c) => c.method === "Runtime.Build");
    expect(build?.args.runtime).toBe("nodejs24.x");
    expect(build?.args.properties).toEqual({
      ...DASHBOARD_FUNCTION.nodejs,
      architecture: "arm64",
    });
    expect(build?.args.properties).toMatchObject({ minify: true, architecture: "arm64" });
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

  it("receives the client id and hosted-UI URL at deploy, after both exist, and no secret", () => {
    const updates = deployed.resources.filter((r) =>
      r.name.endsWith(".sst.aws.FunctionEnvironmentUpdate"),
    );
    expect(updates).toHaveLength(1);
    const update = (updates[0] as RecordedResource).inputs;
    expect(update.functionName).toBe(lambda(deployed).inputs.name);
    expect(update.environment).toEqual({
      [CLIENT_ID_ENV]: FAKE.clientId,
      [HOSTED_UI_ENV]: deployed.outputs.hostedUiUrl,
    });
    const everything = JSON.stringify([update.environment, env(deployed)]);
    for (const secret of [FAKE.clientSecret, SESSION_SECRET, OLD_SESSION_SECRET]) {
      expect(everything).not.toContain(secret);
    }
    // The name stays, for the lookup until the update lands (and after a client replacement).
    expect(env(deployed)[CLIENT_NAME_ENV]).toBe(client(deployed).inputs.name);
  });

  it("may only describe the pool, list and describe its clients, and administer its users", () => {
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
      {
        Effect: "Allow",
        Action: [
          "cognito-idp:AdminAddUserToGroup",
          "cognito-idp:AdminCreateUser",
          "cognito-idp:AdminDeleteUser",
          "cognito-idp:AdminDisableUser",
          "cognito-idp:AdminEnableUser",
          "cognito-idp:AdminGetUser",
          "cognito-idp:AdminListGroupsForUser",
          "cognito-idp:AdminRemoveUserFromGroup",
          "cognito-idp:AdminResetUserPassword",
          "cognito-idp:AdminUpdateUserAttributes",
          "cognito-idp:AdminUserGlobalSignOut",
          "cognito-idp:ListGroups",
          "cognito-idp:ListUsers",
          "cognito-idp:ListUsersInGroup",
        ],
        Resource: [FAKE.userPoolArn],
      },
    ]);
    const managed = role(deployed).inputs.managedPolicyArns as string[];
    expect(managed).toEqual(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
  });

  it("grants user administration exactly the calls its operations module makes", () => {
    const inline = role(deployed).inputs.inlinePolicies as { policy: string }[];
    const statements = JSON.parse((inline[0] as { policy: string }).policy).Statement;
    const module = readFileSync(
      join(ROOT, "packages", "dashboard", "src", "user-admin", "cognito-user-admin.ts"),
      "utf8",
    );
    const used = new Set(
      [...module.matchAll(/new (\w+)Command\(/g)].map((m) => `cognito-idp:${m[1]}`),
    );
    expect(statements[1].Action).toEqual([...used].sort());
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
