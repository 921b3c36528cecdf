/**
 * The real @aws-sdk/client-cognito-identity-provider against the mock's user-pool API: every
 * operation the mock answers, its errors as the SDK raises them, and one state with the hosted UI.
 */
import { readFile } from "node:fs/promises";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  paginateListUsers,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { APP_CLIENT_NAME, mockOutboxJsonUrl, TOKEN_LIFETIMES } from "@cognito-dashboard/local-dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attribute, failure, sdkFor } from "./api-test-support.ts";
import { type MockIdp, type OutboxJson, startMockIdp } from "./index.ts";
import { signIn, tokenRequest, tokensFor } from "./test-support.ts";

let idp: MockIdp;
let sdk: CognitoIdentityProviderClient;
let UserPoolId: string;

const TEMPORARY = "Temp-Passw0rd!";

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
  UserPoolId = idp.userPoolId;
  sdk = client(idp);
});
afterAll(async () => {
  sdk.destroy();
  await idp.stop();
});

function client(mock: MockIdp, region = "us-east-1", maxAttempts = 1) {
  return sdkFor(mock.url, region, maxAttempts);
}

async function createUser(email: string, extra: Partial<{ TemporaryPassword: string }> = {}) {
  const { User } = await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: email,
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
        { Name: "name", Value: `Name of ${email}` },
      ],
      TemporaryPassword: TEMPORARY,
      MessageAction: "SUPPRESS",
      ...extra,
    }),
  );
  return User as UserType;
}

describe("requests AWS would refuse before any operation", () => {
  const call = (headers: Record<string, string>, body = "{}") =>
    fetch(idp.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.ListUsers",
        ...headers,
      },
      body,
    });
  const signed = {
    authorization:
      "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
      "0".repeat(64),
    "x-amz-date": "20250101T000000Z",
  };

  it("refuses an unsigned request with MissingAuthenticationTokenException", async () => {
    const response = await call({});
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(await response.json()).toEqual({
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });
  });

  it("refuses a malformed signature, another service's, an unknown operation and bad JSON", async () => {
    const bad = await call({ authorization: "AWS4-HMAC-SHA256 nonsense", "x-amz-date": "x" });
    expect((await bad.json()).__type).toBe("IncompleteSignatureException");
    const s3 = await call({
      ...signed,
      authorization: signed.authorization.replace("cognito-idp", "s3"),
    });
    expect((await s3.json()).__type).toBe("InvalidSignatureException");
    const unknown = await call({
      ...signed,
      "x-amz-target": "AWSCognitoIdentityProviderService.CreateIdentityProvider",
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).__type).toBe("UnknownOperationException");
    const json = await call(signed, "{not json");
    expect((await json.json()).__type).toBe("SerializationException");
    // The signature itself is not checked: any value of the right form passes.
    const ok = await call(signed, JSON.stringify({ UserPoolId }));
    expect(ok.status).toBe(200);
  });

  it("does not know the pool from another region's endpoint", async () => {
    const elsewhere = client(idp, "eu-west-1");
    expect(await failure(elsewhere.send(new DescribeUserPoolCommand({ UserPoolId })))).toEqual({
      name: "ResourceNotFoundException",
      message: `User pool ${UserPoolId} does not exist.`,
    });
    elsewhere.destroy();
  });
});

describe("pool and app client", () => {
  it("describes the pool, and refuses an unknown or malformed pool id", async () => {
    const { UserPool } = await sdk.send(new DescribeUserPoolCommand({ UserPoolId }));
    expect(UserPool).toMatchObject({
      Id: UserPoolId,
      UsernameAttributes: ["email"],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 7 } },
    });
    expect(UserPool?.Domain).toBeTypeOf("string");
    expect(UserPool?.CreationDate).toBeInstanceOf(Date);
    expect(
      await failure(sdk.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_Other" }))),
    ).toEqual({
      name: "ResourceNotFoundException",
      message: "User pool us-east-1_Other does not exist.",
    });
    const malformed = await failure(sdk.send(new DescribeUserPoolCommand({ UserPoolId: "nope" })));
    expect(malformed.name).toBe("InvalidParameterException");
    expect(malformed.message).toContain("userPoolId");
  });

  it("lists and describes the app client as the stack configures it", async () => {
    const { UserPoolClients } = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId }));
    expect(UserPoolClients).toEqual([
      { ClientId: idp.clientId, ClientName: APP_CLIENT_NAME, UserPoolId },
    ]);
    const { UserPoolClient } = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId, ClientId: idp.clientId }),
    );
    expect(UserPoolClient).toMatchObject({
      ClientId: idp.clientId,
      ClientSecret: idp.clientSecret,
      CallbackURLs: idp.config.callbackUrls,
      LogoutURLs: idp.config.logoutUrls,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile", "phone"],
      SupportedIdentityProviders: ["COGNITO", "CorporateSSO"],
      IdTokenValidity: TOKEN_LIFETIMES.idTokenSeconds,
      RefreshTokenValidity: TOKEN_LIFETIMES.refreshTokenSeconds,
      TokenValidityUnits: { IdToken: "seconds", AccessToken: "seconds", RefreshToken: "seconds" },
      RefreshTokenRotation: { Feature: "DISABLED", RetryGracePeriodSeconds: 0 },
    });
    expect(
      await failure(
        sdk.send(new DescribeUserPoolClientCommand({ UserPoolId, ClientId: "someoneelse" })),
      ),
    ).toEqual({
      name: "ResourceNotFoundException",
      message: "User pool client someoneelse does not exist.",
    });
  });
});

describe("AdminCreateUser and the outbox", () => {
  it("creates a FORCE_CHANGE_PASSWORD user whose username is a UUID, and mails the temporary password", async () => {
    const { User } = await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: "ada@example.com",
        UserAttributes: [
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: "Ada Lovelace" },
        ],
        DesiredDeliveryMediums: ["EMAIL"],
      }),
    );
    expect(User).toMatchObject({ UserStatus: "FORCE_CHANGE_PASSWORD", Enabled: true });
    expect(User?.Username).toMatch(/^[0-9a-f-]{36}$/);
    expect(attribute(User, "sub")).toBe(User?.Username);
    expect(attribute(User, "email")).toBe("ada@example.com");
    expect(User?.UserCreateDate).toBeInstanceOf(Date);

    const outbox = (await (
      await fetch(`${mockOutboxJsonUrl(idp.url)}?to=ada@example.com`)
    ).json()) as OutboxJson;
    expect(outbox.messages).toHaveLength(1);
    const [mail] = outbox.messages;
    expect(mail).toMatchObject({
      kind: "invitation",
      medium: "EMAIL",
      to: "ada@example.com",
      username: User?.Username,
      subject: "Your temporary password",
    });
    expect(mail?.body).toContain(mail?.temporaryPassword as string);
    expect(mail?.temporaryPassword).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^\w]).{12}$/);
    const page = await (await fetch(`${idp.url}/outbox`)).text();
    expect(page).toContain("Your temporary password");
    expect(page).toContain("ada@example.com");
  });

  it("honours SUPPRESS and RESEND (a new temporary password, mailed again)", async () => {
    const user = await createUser("resend@example.com");
    const mails = () => idp.outbox().filter((m) => m.to === "resend@example.com");
    expect(mails()).toEqual([]);
    const { User } = await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: "resend@example.com",
        MessageAction: "RESEND",
        DesiredDeliveryMediums: ["EMAIL"],
      }),
    );
    expect(User?.Username).toBe(user.Username);
    expect(mails()).toHaveLength(1);
    expect(mails()[0]?.temporaryPassword).not.toBe(TEMPORARY);
    // Sign-in with the old temporary password no longer works; the new one does.
    const old = await signIn(idp, {}, { username: "resend@example.com", password: TEMPORARY });
    expect(old.answer.status).toBe(200);
    const fresh = await signIn(
      idp,
      {},
      { username: "resend@example.com", password: mails()[0]?.temporaryPassword as string },
    );
    expect(await fresh.answer.text()).toContain('name="newPassword"');
  });

  it("answers Cognito's errors", async () => {
    const create = (input: Partial<ConstructorParameters<typeof AdminCreateUserCommand>[0]>) =>
      failure(
        sdk.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: "new@example.com",
            UserAttributes: [{ Name: "name", Value: "New" }],
            MessageAction: "SUPPRESS",
            ...input,
          }),
        ),
      );
    expect(await create({ Username: "demo@example.com" })).toEqual({
      name: "UsernameExistsException",
      message: "An account with the given email already exists.",
    });
    expect(await create({ Username: "DEMO@example.com" })).toMatchObject({
      name: "UsernameExistsException",
    });
    expect(await create({ Username: "not-an-email" })).toEqual({
      name: "InvalidParameterException",
      message: "Username should be an email.",
    });
    expect(await create({ UserAttributes: [] })).toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("name: The attribute name is required"),
    });
    expect(
      await create({
        UserAttributes: [
          { Name: "name", Value: "N" },
          { Name: "custom:x", Value: "1" },
        ],
      }),
    ).toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringContaining("{custom:x} could not be determined"),
    });
    expect(await create({ TemporaryPassword: "short" })).toEqual({
      name: "InvalidPasswordException",
      message: "Password did not conform with password policy: Password not long enough",
    });
    expect(await create({ TemporaryPassword: "alllowercase1!" })).toMatchObject({
      message:
        "Password did not conform with password policy: Password must have uppercase characters",
    });
    expect(await create({ MessageAction: "RESEND", Username: "nobody@example.com" })).toEqual({
      name: "UserNotFoundException",
      message: "User does not exist.",
    });
    expect(await create({ MessageAction: "RESEND", Username: "demo@example.com" })).toMatchObject({
      name: "UnsupportedUserStateException",
    });
    const nothing = await failure(
      sdk.send(
        new AdminCreateUserCommand({ UserPoolId, Username: undefined as unknown as string }),
      ),
    );
    expect(nothing).toMatchObject({ name: "InvalidParameterException" });
    expect(nothing.message).toContain("Member must not be null");
  });
});

describe("reading users", () => {
  it("gets a user by email or username, and says when there is none", async () => {
    const byEmail = await sdk.send(
      new AdminGetUserCommand({ UserPoolId, Username: "Admin@Example.com" }),
    );
    expect(byEmail.UserStatus).toBe("CONFIRMED");
    expect(byEmail.UserAttributes?.find((a) => a.Name === "email")?.Value).toBe(
      "admin@example.com",
    );
    const byName = await sdk.send(
      new AdminGetUserCommand({ UserPoolId, Username: byEmail.Username as string }),
    );
    expect(byName.Username).toBe(byEmail.Username);
    expect(
      await failure(sdk.send(new AdminGetUserCommand({ UserPoolId, Username: "x@example.com" }))),
    ).toEqual({ name: "UserNotFoundException", message: "User does not exist." });
  });

  it("filters ListUsers by prefix or value, pages it, and refuses a bad filter or limit", async () => {
    for (const n of [1, 2, 3, 4, 5]) await createUser(`page${n}@list.example`);
    const emails = async (Filter: string) =>
      ((await sdk.send(new ListUsersCommand({ UserPoolId, Filter }))).Users ?? []).map((u) =>
        attribute(u, "email"),
      );
    expect(await emails('email ^= "page"')).toEqual(
      [1, 2, 3, 4, 5].map((n) => `page${n}@list.example`),
    );
    expect(await emails('email = "page3@list.example"')).toEqual(["page3@list.example"]);
    expect(await emails('email ^= "PAGE"')).toEqual([]);
    expect(await emails('cognito:user_status = "force_change_password"')).toContain(
      "page1@list.example",
    );
    expect(await emails('status = "Disabled"')).toEqual([]);

    const first = await sdk.send(
      new ListUsersCommand({ UserPoolId, Filter: 'email ^= "page"', Limit: 2 }),
    );
    expect(first.Users).toHaveLength(2);
    expect(first.PaginationToken).toBeTypeOf("string");
    const all: string[] = [];
    for await (const page of paginateListUsers(
      { client: sdk, pageSize: 2 },
      { UserPoolId, Filter: 'email ^= "page"' },
    )) {
      expect(page.Users?.length).toBeLessThanOrEqual(2);
      all.push(...(page.Users ?? []).map((u) => attribute(u, "email") as string));
    }
    expect(all).toHaveLength(5);

    const only = await sdk.send(
      new ListUsersCommand({
        UserPoolId,
        Filter: 'email = "page1@list.example"',
        AttributesToGet: ["email"],
      }),
    );
    expect(only.Users?.[0]?.Attributes).toEqual([{ Name: "email", Value: "page1@list.example" }]);

    for (const Filter of ["email", 'email ~ "x"', 'custom:x = "1"']) {
      expect(await failure(sdk.send(new ListUsersCommand({ UserPoolId, Filter }))), Filter).toEqual(
        { name: "InvalidParameterException", message: "Error while parsing filter." },
      );
    }
    expect((await failure(sdk.send(new ListUsersCommand({ UserPoolId, Limit: 61 })))).name).toBe(
      "InvalidParameterException",
    );
    expect(
      (await failure(sdk.send(new ListUsersCommand({ UserPoolId, PaginationToken: "garbage" }))))
        .name,
    ).toBe("InvalidParameterException");
  });
});

describe("one state with the hosted UI", () => {
  it("a disabled user cannot sign in and their refresh token stops working; enabled, they can again", async () => {
    await createUser("dora@example.com");
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username: "dora@example.com",
        Password: "Dora-Passw0rd!",
        Permanent: true,
      }),
    );
    const credentials = { username: "dora@example.com", password: "Dora-Passw0rd!" };
    const tokens = await tokensFor(idp, {}, credentials);
    await sdk.send(new AdminDisableUserCommand({ UserPoolId, Username: "dora@example.com" }));
    const listed = await sdk.send(
      new ListUsersCommand({ UserPoolId, Filter: 'status = "Disabled"' }),
    );
    expect(listed.Users?.map((u) => attribute(u, "email"))).toEqual(["dora@example.com"]);

    const refused = await signIn(idp, {}, credentials);
    expect(refused.answer.status).toBe(200);
    expect(await refused.answer.text()).toContain("User is disabled.");
    const refresh = await tokenRequest(idp, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toEqual({ error: "invalid_grant" });
    const info = await fetch(`${idp.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(401);

    await sdk.send(new AdminEnableUserCommand({ UserPoolId, Username: "dora@example.com" }));
    expect((await signIn(idp, {}, credentials)).answer.status).toBe(302);
  });

  it("a deleted user is gone, tokens and all; a signed-out one keeps the account but not the tokens", async () => {
    for (const email of ["del@example.com", "out@example.com"]) {
      await createUser(email);
      await sdk.send(
        new AdminSetUserPasswordCommand({
          UserPoolId,
          Username: email,
          Password: "Gone-Passw0rd!",
          Permanent: true,
        }),
      );
    }
    const deleted = await tokensFor(
      idp,
      {},
      { username: "del@example.com", password: "Gone-Passw0rd!" },
    );
    const signedOut = await tokensFor(
      idp,
      {},
      { username: "out@example.com", password: "Gone-Passw0rd!" },
    );
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId, Username: "del@example.com" }));
    await sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId, Username: "out@example.com" }));
    for (const tokens of [deleted, signedOut]) {
      const refresh = await tokenRequest(idp, {
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token as string,
      });
      expect(await refresh.json()).toEqual({ error: "invalid_grant" });
    }
    expect(
      (
        await failure(
          sdk.send(new AdminGetUserCommand({ UserPoolId, Username: "del@example.com" })),
        )
      ).name,
    ).toBe("UserNotFoundException");
    const again = await signIn(
      idp,
      {},
      { username: "out@example.com", password: "Gone-Passw0rd!" },
    );
    expect(again.answer.status).toBe(302);
  });

  it("groups: add, list both ways, remove; the next tokens carry them", async () => {
    const user = await createUser("grace@example.com");
    const Username = "grace@example.com";
    await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: "admins" }));
    await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: "admins" }));
    const groups = await sdk.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(["admins"]);
    expect(groups.Groups?.[0]).toMatchObject({ UserPoolId, GroupName: "admins" });
    const members = await sdk.send(
      new ListUsersInGroupCommand({ UserPoolId, GroupName: "admins" }),
    );
    expect(members.Users?.map((u) => u.Username)).toContain(user.Username);
    const all = await sdk.send(new ListGroupsCommand({ UserPoolId }));
    expect(all.Groups?.map((g) => g.GroupName)).toContain("admins");

    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username,
        Password: "Grace-Passw0rd!",
        Permanent: true,
      }),
    );
    const tokens = await tokensFor(idp, {}, { username: Username, password: "Grace-Passw0rd!" });
    const claims = JSON.parse(
      Buffer.from((tokens.id_token as string).split(".")[1] as string, "base64url").toString(),
    );
    expect(claims["cognito:groups"]).toEqual(["admins"]);

    await sdk.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId, Username, GroupName: "admins" }),
    );
    const after = await sdk.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: "admins" }));
    expect(after.Users?.map((u) => u.Username)).not.toContain(user.Username);
    expect(
      await failure(
        sdk.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: "nope" })),
      ),
    ).toEqual({ name: "ResourceNotFoundException", message: "Group not found." });
    expect(
      (await failure(sdk.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: "nope" }))))
        .name,
    ).toBe("ResourceNotFoundException");
  });

  it("AdminSetUserPassword: a permanent one signs in directly, a temporary one asks for a new one, a weak one is refused", async () => {
    await createUser("pat@example.com");
    const Username = "pat@example.com";
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username,
        Password: "Pat-Passw0rd!",
        Permanent: false,
      }),
    );
    const temporary = await signIn(idp, {}, { username: Username, password: "Pat-Passw0rd!" });
    expect(await temporary.answer.text()).toContain('name="newPassword"');
    expect(
      await failure(
        sdk.send(
          new AdminSetUserPasswordCommand({
            UserPoolId,
            Username,
            Password: "NoDigits!!",
            Permanent: true,
          }),
        ),
      ),
    ).toEqual({
      name: "InvalidPasswordException",
      message: "Password does not conform to policy: Password must have numeric characters",
    });
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username,
        Password: "Pat-Passw0rd!",
        Permanent: true,
      }),
    );
    const got = await sdk.send(new AdminGetUserCommand({ UserPoolId, Username }));
    expect(got.UserStatus).toBe("CONFIRMED");
    expect(
      (await signIn(idp, {}, { username: Username, password: "Pat-Passw0rd!" })).answer.status,
    ).toBe(302);
  });

  it("AdminResetUserPassword: RESET_REQUIRED, a code in the outbox; refused for an invited user or an unverified email", async () => {
    const Username = "rita@example.com";
    await createUser(Username);
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username,
        Password: "Rita-Passw0rd!",
        Permanent: true,
      }),
    );
    await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId, Username }));
    expect((await sdk.send(new AdminGetUserCommand({ UserPoolId, Username }))).UserStatus).toBe(
      "RESET_REQUIRED",
    );
    const mail = idp.outbox().find((m) => m.to === Username && m.kind === "password-reset");
    expect(mail?.code).toMatch(/^\d{6}$/);
    expect(mail?.body).toContain(mail?.code as string);

    await createUser("invited@example.com");
    expect(
      await failure(
        sdk.send(
          new AdminResetUserPasswordCommand({ UserPoolId, Username: "invited@example.com" }),
        ),
      ),
    ).toEqual({
      name: "NotAuthorizedException",
      message: "User password cannot be reset in the current state.",
    });
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: "unverified@example.com",
        UserAttributes: [{ Name: "name", Value: "U" }],
        MessageAction: "SUPPRESS",
      }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId,
        Username: "unverified@example.com",
        Password: "Unv-Passw0rd!",
        Permanent: true,
      }),
    );
    expect(
      (
        await failure(
          sdk.send(
            new AdminResetUserPasswordCommand({ UserPoolId, Username: "unverified@example.com" }),
          ),
        )
      ).name,
    ).toBe("InvalidParameterException");
  });
});

describe("faults for callers' retries", () => {
  it("throttles on request: the SDK's retries get through, a single attempt sees TooManyRequestsException", async () => {
    idp.apiFaults.throttle("ListUsers", 2);
    const patient = client(idp, "us-east-1", 3);
    const { Users } = await patient.send(new ListUsersCommand({ UserPoolId, Limit: 1 }));
    expect(Users).toHaveLength(1);
    patient.destroy();
    idp.apiFaults.throttle("ListUsers", 1);
    expect(await failure(sdk.send(new ListUsersCommand({ UserPoolId })))).toEqual({
      name: "TooManyRequestsException",
      message: "Too many requests",
    });
  });
});

describe("the README", () => {
  it("lists every operation the mock answers, and counts them", async () => {
    const { OPERATIONS } = await import("./user-pool-operations.ts");
    const { REGION_OPERATIONS } = await import("./pool-operations.ts");
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const names = [...Object.keys(OPERATIONS), ...Object.keys(REGION_OPERATIONS)];
    for (const name of names) expect(readme, name).toContain(`\`${name}\``);
    expect(readme).toContain(`The ${names.length} above; others \`UnknownOperationException\``);
    expect(readme).toContain(`and ${names.length} user-pool API operations`);
  });
});
