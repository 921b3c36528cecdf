/**
 * Several pools in one mock: CreateUserPool and CreateUserPoolClient through the real AWS SDK,
 * a second pool's hosted UI at `/<poolId>` signing its own user in, pools kept apart (users,
 * sessions, clients, keys), DeleteUserPool, and pools declared as data.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { cognitoIssuer } from "@cognito-dashboard/local-dev";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, sdkFor } from "./api-test-support.ts";
import { type MockIdp, startMockIdp } from "./index.ts";
import { PoolsFileError } from "./pools-file.ts";
import { decodeJwt, form, hiddenField, REDIRECT_URI, signIn, TestBrowser } from "./test-support.ts";

let idp: MockIdp;
let sdk: CognitoIdentityProviderClient;
const CALLBACK = "http://localhost:4321/callback";
const PASSWORD = "Second-Passw0rd!";

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
  sdk = sdkFor(idp.url, "eu-west-1");
});
afterAll(async () => {
  sdk.destroy();
  await idp.stop();
});

/** A second pool with a confidential client and one user, all through the API. */
async function secondPool(name = "second") {
  const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: name }));
  const UserPoolId = UserPool?.Id as string;
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId,
      ClientName: "web",
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      SupportedIdentityProviders: ["COGNITO"],
      CallbackURLs: [CALLBACK],
      LogoutURLs: ["http://localhost:4321/"],
    }),
  );
  await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: "second@example.com",
      UserAttributes: [
        { Name: "name", Value: "Second User" },
        { Name: "email_verified", Value: "true" },
      ],
      MessageAction: "SUPPRESS",
    }),
  );
  await sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId,
      Username: "second@example.com",
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  return {
    UserPoolId,
    clientId: UserPoolClient?.ClientId as string,
    clientSecret: UserPoolClient?.ClientSecret as string,
    hostedUi: `${idp.url}/${UserPoolId}`,
  };
}

/** authorize at a hosted UI, then the sign-in form; the answer to the form's POST. */
async function hostedUiSignIn(
  browser: TestBrowser,
  hostedUi: string,
  clientId: string,
  credentials: { username: string; password: string },
) {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: CALLBACK,
    scope: "openid email profile",
    state: "s-2",
  });
  const authorize = await browser.fetch(`${hostedUi}/oauth2/authorize?${query}`);
  expect(authorize.status).toBe(302);
  const login = new URL(authorize.headers.get("location") ?? "", idp.url);
  const html = await (await browser.fetch(login.toString())).text();
  const action = /action="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&") as string;
  const answer = await browser.fetch(
    action,
    form({ _csrf: hiddenField(html, "_csrf"), ...credentials }),
  );
  return { login, action, answer };
}

describe("a pool created through the API", () => {
  it("has its own hosted UI at /<poolId> that signs its user in, with its own issuer and keys", async () => {
    const second = await secondPool();
    expect(second.UserPoolId).toMatch(/^eu-west-1_[A-Za-z0-9]{9}$/);
    expect(second.clientSecret).toMatch(/^[a-z0-9]{51}$/);
    expect(idp.pool(second.UserPoolId)?.hostedUiUrl).toBe(second.hostedUi);

    const browser = new TestBrowser(idp.url);
    const { login, action, answer } = await hostedUiSignIn(
      browser,
      second.hostedUi,
      second.clientId,
      { username: "second@example.com", password: PASSWORD },
    );
    expect(login.pathname).toBe(`/${second.UserPoolId}/login`);
    expect(action.startsWith(`/${second.UserPoolId}/login?`)).toBe(true);
    expect(answer.status).toBe(302);
    const redirect = new URL(answer.headers.get("location") ?? "");
    expect(`${redirect.origin}${redirect.pathname}`).toBe(CALLBACK);
    expect(redirect.searchParams.get("state")).toBe("s-2");

    const token = await fetch(`${second.hostedUi}/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${btoa(`${second.clientId}:${second.clientSecret}`)}`,
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: redirect.searchParams.get("code") as string,
        redirect_uri: CALLBACK,
      }),
    });
    expect(token.status).toBe(200);
    const tokens = (await token.json()) as Record<string, string>;
    const verifier = CognitoJwtVerifier.create({
      userPoolId: second.UserPoolId,
      tokenUse: "id",
      clientId: second.clientId,
    });
    const jwks = await (
      await fetch(`${idp.url}/${second.UserPoolId}/.well-known/jwks.json`)
    ).json();
    verifier.cacheJwks(jwks);
    const claims = await verifier.verify(tokens.id_token as string);
    expect(claims).toMatchObject({
      iss: cognitoIssuer(second.UserPoolId),
      email: "second@example.com",
      name: "Second User",
    });
    // The built-in pool's keys do not verify the second pool's tokens.
    const builtInKeys = await (await fetch(idp.jwksUri)).json();
    expect(JSON.stringify(builtInKeys)).not.toContain(
      decodeJwt(tokens.id_token as string).header.kid as string,
    );

    const userInfo = await fetch(`${second.hostedUi}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await userInfo.json()).toMatchObject({ email: "second@example.com" });
    // Its discovery document names its hosted UI and its issuer.
    const discovery = await (
      await fetch(`${idp.url}/${second.UserPoolId}/.well-known/openid-configuration`)
    ).json();
    expect(discovery).toMatchObject({
      issuer: cognitoIssuer(second.UserPoolId),
      authorization_endpoint: `${second.hostedUi}/oauth2/authorize`,
      token_endpoint: `${second.hostedUi}/oauth2/token`,
      jwks_uri: `${idp.url}/${second.UserPoolId}/.well-known/jwks.json`,
    });
  });

  it("keeps pools apart: users, sessions and clients", async () => {
    const second = await secondPool("apart");
    const browser = new TestBrowser(idp.url);
    // Signed in to the built-in pool, the same browser still meets the second pool's form.
    const builtIn = await signIn(idp, {}, undefined, browser);
    expect(builtIn.answer.status).toBe(302);
    const demo = await hostedUiSignIn(browser, second.hostedUi, second.clientId, {
      username: "demo@example.com",
      password: "Passw0rd!",
    });
    expect(demo.answer.status).toBe(200);
    expect(await demo.answer.text()).toContain("Incorrect username or password.");
    // The built-in session survives the second pool's sign-in.
    await hostedUiSignIn(browser, second.hostedUi, second.clientId, {
      username: "second@example.com",
      password: PASSWORD,
    });
    const again = await browser.fetch(
      `/oauth2/authorize?${new URLSearchParams({ response_type: "code", client_id: idp.clientId, redirect_uri: REDIRECT_URI, scope: "openid" })}`,
    );
    expect(again.headers.get("location")).toMatch(new RegExp(`^${REDIRECT_URI}\\?code=`));
    // The built-in client is unknown to the second pool.
    const foreign = await fetch(
      `${second.hostedUi}/oauth2/authorize?${new URLSearchParams({ response_type: "code", client_id: idp.clientId, redirect_uri: REDIRECT_URI })}`,
    );
    expect(foreign.status).toBe(400);
  });

  it("lists, describes and deletes pools and clients; the built-in pool is protected", async () => {
    const second = await secondPool("listed");
    const pools = await sdk.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(pools.UserPools?.map((p) => p.Id)).toContain(second.UserPoolId);
    // Another region's endpoint does not list them.
    const east = sdkFor(idp.url, "us-east-1");
    const eastPools = await east.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(eastPools.UserPools?.map((p) => p.Id)).toEqual([idp.userPoolId]);
    expect(
      await failure(east.send(new DeleteUserPoolCommand({ UserPoolId: idp.userPoolId }))),
    ).toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("deletion protection is activated"),
    });
    east.destroy();

    const described = await sdk.send(
      new DescribeUserPoolCommand({ UserPoolId: second.UserPoolId }),
    );
    expect(described.UserPool).toMatchObject({ Name: "listed", DeletionProtection: "INACTIVE" });
    const clients = await sdk.send(
      new ListUserPoolClientsCommand({ UserPoolId: second.UserPoolId }),
    );
    expect(clients.UserPoolClients).toEqual([
      { ClientId: second.clientId, ClientName: "web", UserPoolId: second.UserPoolId },
    ]);
    const client = await sdk.send(
      new DescribeUserPoolClientCommand({
        UserPoolId: second.UserPoolId,
        ClientId: second.clientId,
      }),
    );
    expect(client.UserPoolClient).toMatchObject({
      ClientSecret: second.clientSecret,
      CallbackURLs: [CALLBACK],
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      IdTokenValidity: 3600,
      RefreshTokenValidity: 30 * 86_400,
    });

    await sdk.send(new DeleteUserPoolCommand({ UserPoolId: second.UserPoolId }));
    expect(
      await failure(sdk.send(new DescribeUserPoolCommand({ UserPoolId: second.UserPoolId }))),
    ).toEqual({
      name: "ResourceNotFoundException",
      message: `User pool ${second.UserPoolId} does not exist.`,
    });
    expect((await fetch(`${second.hostedUi}/oauth2/authorize?client_id=x`)).status).toBe(404);
  });

  it("answers Cognito's errors", async () => {
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: "errors" }));
    const UserPoolId = UserPool?.Id as string;
    const create = (input: Partial<CreateUserPoolClientCommandInput>) =>
      failure(sdk.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: "c", ...input })));
    expect(await create({ AllowedOAuthFlowsUserPoolClient: true })).toMatchObject({
      name: "InvalidOAuthFlowException",
    });
    expect(
      await create({
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "admin:all"],
      }),
    ).toEqual({
      name: "ScopeDoesNotExistException",
      message: "Invalid scope requested: admin:all",
    });
    expect((await create({ CallbackURLs: ["http://example.com/cb"] })).name).toBe(
      "InvalidParameterException",
    );
    expect((await create({ ClientName: "bad/name" })).message).toContain("clientName");
    expect(
      (await create({ IdTokenValidity: 2, TokenValidityUnits: { IdToken: "days" } })).name,
    ).toBe("InvalidParameterException");
    expect((await create({ UserPoolId: "eu-west-1_Nope" })).name).toBe("ResourceNotFoundException");
    expect(
      (await failure(sdk.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: "nope" }))))
        .message,
    ).toBe("User pool client nope does not exist.");
    expect(
      (
        await failure(
          sdk.send(new CreateUserPoolCommand({ PoolName: undefined as unknown as string })),
        )
      ).message,
    ).toContain("Member must not be null");
    // A client without the OAuth flag has no hosted UI.
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId,
        ClientName: "api-only",
        CallbackURLs: [CALLBACK],
      }),
    );
    const refused = await fetch(
      `${idp.url}/${UserPoolId}/oauth2/authorize?${new URLSearchParams({ response_type: "code", client_id: UserPoolClient?.ClientId as string, redirect_uri: CALLBACK })}`,
    );
    expect(refused.status).toBe(400);
  });
});

describe("pools declared as data", () => {
  it("start with the mock: clients, groups and users as declared", async () => {
    const mock = await startMockIdp({
      port: 0,
      quiet: true,
      pools: {
        pools: [
          {
            id: "eu-west-1_Declared",
            name: "declared",
            groups: [{ name: "editors", description: "Edit" }],
            clients: [
              {
                id: "declaredclient",
                name: "web",
                secret: "declared-secret",
                callbackUrls: [CALLBACK],
              },
            ],
            users: [
              { email: "ed@example.com", password: PASSWORD, name: "Ed", groups: ["editors"] },
            ],
          },
        ],
      },
    });
    try {
      const pool = mock.pool("eu-west-1_Declared");
      expect(pool?.hostedUiUrl).toBe(`${mock.url}/eu-west-1_Declared`);
      expect(pool?.userPool.groups().map((g) => g.name)).toEqual(["admins", "editors"]);
      const browser = new TestBrowser(mock.url);
      const query = new URLSearchParams({
        response_type: "code",
        client_id: "declaredclient",
        redirect_uri: CALLBACK,
        scope: "openid",
      });
      const authorize = await browser.fetch(`${pool?.hostedUiUrl}/oauth2/authorize?${query}`);
      const login = new URL(authorize.headers.get("location") ?? "", mock.url);
      const html = await (await browser.fetch(login.toString())).text();
      const answer = await browser.fetch(
        login.toString(),
        form({ _csrf: hiddenField(html, "_csrf"), username: "ed@example.com", password: PASSWORD }),
      );
      expect(answer.headers.get("location")).toMatch(/^http:\/\/localhost:4321\/callback\?code=/);
    } finally {
      await mock.stop();
    }
  });

  it("refuses a bad declaration, naming the pool and the problem", async () => {
    for (const [pools, message] of [
      [{ pools: [{ id: "nope" }] }, 'pool 1: "id" must look like'],
      [{ pools: [{ id: "eu-west-1_A" }, { id: "eu-west-1_A" }] }, "appears twice"],
      [
        { pools: [{ id: "eu-west-1_A", clients: [{ name: "c", scopes: ["x"] }] }] },
        'unknown scope "x"',
      ],
      [{}, 'a "pools" array'],
    ] as const) {
      await expect(startMockIdp({ port: 0, quiet: true, pools: pools as never })).rejects.toThrow(
        message,
      );
    }
    await expect(
      startMockIdp({ port: 0, quiet: true, poolsFile: "/nonexistent/pools.json" }),
    ).rejects.toBeInstanceOf(PoolsFileError);
  });
});
