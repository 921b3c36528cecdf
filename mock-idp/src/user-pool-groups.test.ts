/**
 * The group operations of the user-pool API through the real AWS SDK: CreateGroup, GetGroup,
 * UpdateGroup, DeleteGroup, ListGroups, ListUsersInGroup, with Cognito's errors.
 */
import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  type CreateGroupCommandInput,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmedUser, failure, sdkFor } from "./api-test-support.ts";
import { type MockIdp, startMockIdp } from "./index.ts";
import { decodeJwt, tokensFor } from "./test-support.ts";

let idp: MockIdp;
let sdk: CognitoIdentityProviderClient;
let UserPoolId: string;
const ROLE = "arn:aws:iam::123456789012:role/editors";

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
  UserPoolId = idp.userPoolId;
  sdk = sdkFor(idp.url);
});
afterAll(async () => {
  sdk.destroy();
  await idp.stop();
});

describe("groups", () => {
  it("creates a group, reads it, updates only what is given, lists it", async () => {
    const { Group } = await sdk.send(
      new CreateGroupCommand({
        UserPoolId,
        GroupName: "editors",
        Description: "Edit things",
        Precedence: 5,
        RoleArn: ROLE,
      }),
    );
    expect(Group).toMatchObject({
      GroupName: "editors",
      UserPoolId,
      Description: "Edit things",
      Precedence: 5,
      RoleArn: ROLE,
    });
    expect(Group?.CreationDate).toBeInstanceOf(Date);
    const got = await sdk.send(new GetGroupCommand({ UserPoolId, GroupName: "editors" }));
    expect(got.Group).toEqual(Group);

    const updated = await sdk.send(
      new UpdateGroupCommand({ UserPoolId, GroupName: "editors", Precedence: 1 }),
    );
    expect(updated.Group).toMatchObject({
      Description: "Edit things",
      Precedence: 1,
      RoleArn: ROLE,
    });
    const plain = await sdk.send(new CreateGroupCommand({ UserPoolId, GroupName: "plain" }));
    expect(plain.Group).not.toHaveProperty("Description");
    expect(plain.Group).not.toHaveProperty("Precedence");

    const names = (await sdk.send(new ListGroupsCommand({ UserPoolId }))).Groups?.map(
      (g) => g.GroupName,
    );
    // In creation order; the federated provider's group came with its user from users.json.
    expect(names).toEqual(["admins", `${UserPoolId}_CorporateSSO`, "editors", "plain"]);
    const paged = await sdk.send(new ListGroupsCommand({ UserPoolId, Limit: 3 }));
    expect(paged.Groups).toHaveLength(3);
    const rest = await sdk.send(
      new ListGroupsCommand({ UserPoolId, Limit: 3, NextToken: paged.NextToken }),
    );
    expect(rest.Groups?.map((g) => g.GroupName)).toEqual(["plain"]);
    expect(rest.NextToken).toBeUndefined();
  });

  it("deletes a group with its memberships; the next tokens no longer carry it", async () => {
    const Username = "member@example.com";
    const user = await confirmedUser(sdk, UserPoolId, Username, "Member-Passw0rd!");
    await sdk.send(new CreateGroupCommand({ UserPoolId, GroupName: "short-lived" }));
    await sdk.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: "admins" }));
    await sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: "short-lived" }),
    );
    const members = await sdk.send(
      new ListUsersInGroupCommand({ UserPoolId, GroupName: "short-lived" }),
    );
    expect(members.Users?.map((u) => u.Username)).toEqual([user.Username]);

    await sdk.send(new DeleteGroupCommand({ UserPoolId, GroupName: "short-lived" }));
    const groups = await sdk.send(new AdminListGroupsForUserCommand({ UserPoolId, Username }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(["admins"]);
    const tokens = await tokensFor(idp, {}, { username: Username, password: "Member-Passw0rd!" });
    expect(decodeJwt(tokens.access_token as string).payload["cognito:groups"]).toEqual(["admins"]);
    expect(
      await failure(sdk.send(new GetGroupCommand({ UserPoolId, GroupName: "short-lived" }))),
    ).toEqual({ name: "ResourceNotFoundException", message: "Group not found." });
  });

  it("answers Cognito's errors", async () => {
    await sdk.send(new CreateGroupCommand({ UserPoolId, GroupName: "taken" }));
    const create = (input: Partial<CreateGroupCommandInput>) =>
      failure(sdk.send(new CreateGroupCommand({ UserPoolId, GroupName: "fresh", ...input })));
    expect(await create({ GroupName: "taken" })).toEqual({
      name: "GroupExistsException",
      message: "A group with the name taken already exists.",
    });
    // Group names are case-sensitive: "Taken" is another group.
    await sdk.send(new CreateGroupCommand({ UserPoolId, GroupName: "Taken" }));
    for (const input of [
      { GroupName: "has space" },
      { GroupName: "x".repeat(129) },
      { Description: "d".repeat(2049) },
      { Precedence: -1 },
      { RoleArn: "not-an-arn-but-long-enough" },
      { RoleArn: "arn:aws" },
    ]) {
      const error = await create(input);
      expect(error.name, JSON.stringify(input)).toBe("InvalidParameterException");
      expect(error.message).toMatch(/^1 validation error detected: /);
    }
    expect(await create({ UserPoolId: "us-east-1_Nope" })).toEqual({
      name: "ResourceNotFoundException",
      message: "User pool us-east-1_Nope does not exist.",
    });
    const missing = { name: "ResourceNotFoundException", message: "Group not found." };
    expect(await failure(sdk.send(new GetGroupCommand({ UserPoolId, GroupName: "nope" })))).toEqual(
      missing,
    );
    expect(
      await failure(sdk.send(new UpdateGroupCommand({ UserPoolId, GroupName: "nope" }))),
    ).toEqual(missing);
    expect(
      await failure(sdk.send(new DeleteGroupCommand({ UserPoolId, GroupName: "nope" }))),
    ).toEqual(missing);
    expect(
      await failure(sdk.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: "nope" }))),
    ).toEqual(missing);
    expect(
      (
        await failure(
          sdk.send(new GetGroupCommand({ UserPoolId, GroupName: undefined as unknown as string })),
        )
      ).message,
    ).toContain("Member must not be null");
  });
});
