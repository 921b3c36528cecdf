/**
 * AdminUpdateUserAttributes and AdminDeleteUserAttributes through the real AWS SDK: what changes
 * in the pool, the hosted UI and the next tokens, and Cognito's errors.
 */
import {
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmedUser, failure, sdkFor } from "./api-test-support.ts";
import { type MockIdp, startMockIdp } from "./index.ts";
import { decodeJwt, signIn, tokensFor } from "./test-support.ts";

let idp: MockIdp;
let sdk: CognitoIdentityProviderClient;
let UserPoolId: string;
const PASSWORD = "Attr-Passw0rd!";

beforeAll(async () => {
  idp = await startMockIdp({
    port: 0,
    quiet: true,
    users: [
      {
        email: "tenant@example.com",
        password: PASSWORD,
        name: "Tenant User",
        attributes: { "custom:tenant": "acme", phone_number: "+15555550100" },
      },
    ],
  });
  UserPoolId = idp.userPoolId;
  sdk = sdkFor(idp.url);
});
afterAll(async () => {
  sdk.destroy();
  await idp.stop();
});

async function attributesOf(Username: string): Promise<Record<string, string | undefined>> {
  const { UserAttributes } = await sdk.send(new AdminGetUserCommand({ UserPoolId, Username }));
  return Object.fromEntries((UserAttributes ?? []).map((a) => [a.Name, a.Value]));
}

const update = (Username: string, UserAttributes: AttributeType[]) =>
  sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username, UserAttributes }));

describe("AdminUpdateUserAttributes", () => {
  it("changes the name; the next ID token carries it", async () => {
    await update("tenant@example.com", [
      { Name: "name", Value: "Renamed User" },
      { Name: "custom:tenant", Value: "globex" },
    ]);
    expect(await attributesOf("tenant@example.com")).toMatchObject({
      name: "Renamed User",
      "custom:tenant": "globex",
      email: "tenant@example.com",
    });
    const tokens = await tokensFor(idp, {}, { username: "tenant@example.com", password: PASSWORD });
    expect(decodeJwt(tokens.id_token as string).payload).toMatchObject({
      name: "Renamed User",
      "custom:tenant": "globex",
    });
  });

  it("changes the email: unverified unless said, the new one signs in, the old one not", async () => {
    await confirmedUser(sdk, UserPoolId, "old@example.com", PASSWORD);
    await update("old@example.com", [{ Name: "email", Value: "new@example.com" }]);
    expect(await attributesOf("new@example.com")).toMatchObject({
      email: "new@example.com",
      email_verified: "false",
    });
    expect(
      (await signIn(idp, {}, { username: "new@example.com", password: PASSWORD })).answer.status,
    ).toBe(302);
    expect(
      (await signIn(idp, {}, { username: "old@example.com", password: PASSWORD })).answer.status,
    ).toBe(200);
    await update("new@example.com", [
      { Name: "email", Value: "newer@example.com" },
      { Name: "email_verified", Value: "true" },
    ]);
    expect((await attributesOf("newer@example.com")).email_verified).toBe("true");
  });

  it("answers Cognito's errors", async () => {
    await confirmedUser(sdk, UserPoolId, "errors@example.com", PASSWORD);
    const refused = (attributes: AttributeType[], Username = "errors@example.com") =>
      failure(update(Username, attributes));
    expect(await refused([{ Name: "email", Value: "tenant@example.com" }])).toEqual({
      name: "AliasExistsException",
      message: "An account with the given email already exists.",
    });
    expect(await refused([{ Name: "email", Value: "not an email" }])).toEqual({
      name: "InvalidParameterException",
      message: "Invalid email address format.",
    });
    expect(await refused([{ Name: "sub", Value: "x" }])).toEqual({
      name: "InvalidParameterException",
      message:
        "Attributes did not conform to the schema: sub: Attribute cannot be updated. (changing an immutable attribute)",
    });
    expect(await refused([{ Name: "custom:unknown", Value: "x" }])).toEqual({
      name: "InvalidParameterException",
      message:
        "Attributes did not conform to the schema: Type for attribute {custom:unknown} could not be determined",
    });
    expect(await refused([{ Name: "name", Value: "" }])).toEqual({
      name: "InvalidParameterException",
      message: "Attributes did not conform to the schema: name: The attribute name is required",
    });
    expect(await refused([{ Name: "email_verified", Value: "yes" }])).toMatchObject({
      name: "InvalidParameterException",
    });
    expect(await refused([{ Name: "name", Value: "X" }], "nobody@example.com")).toEqual({
      name: "UserNotFoundException",
      message: "User does not exist.",
    });
    const noList = await failure(
      sdk.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId,
          Username: "errors@example.com",
          UserAttributes: undefined as unknown as AttributeType[],
        }),
      ),
    );
    expect(noList.message).toContain("Member must not be null");
    // Nothing changed on the way.
    expect(await attributesOf("errors@example.com")).toMatchObject({
      email: "errors@example.com",
      name: "Name of errors@example.com",
    });
  });
});

describe("AdminDeleteUserAttributes", () => {
  const remove = (UserAttributeNames: string[], Username = "tenant@example.com") =>
    sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId, Username, UserAttributeNames }));

  it("removes attributes; one the user has no value for is no error", async () => {
    await remove(["custom:tenant", "phone_number", "given_name"]);
    const attributes = await attributesOf("tenant@example.com");
    expect(attributes).not.toHaveProperty("custom:tenant");
    expect(attributes).not.toHaveProperty("phone_number");
    expect(attributes.email).toBe("tenant@example.com");
  });

  it("refuses required, immutable and unknown attributes, and changes nothing then", async () => {
    await update("tenant@example.com", [{ Name: "nickname", Value: "T" }]);
    expect(await failure(remove(["nickname", "name"]))).toEqual({
      name: "InvalidParameterException",
      message: "Attributes did not conform to the schema: name: The attribute name is required",
    });
    expect((await failure(remove(["email"]))).name).toBe("InvalidParameterException");
    expect((await failure(remove(["sub"]))).message).toContain("immutable");
    expect((await failure(remove(["custom:nope"]))).message).toContain("could not be determined");
    expect((await failure(remove(["name"], "nobody@example.com"))).name).toBe(
      "UserNotFoundException",
    );
    expect((await attributesOf("tenant@example.com")).nickname).toBe("T");
  });
});
