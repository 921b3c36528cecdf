/**
 * `npm run create-user`: which pool it picks, and what it asks Cognito, against the mock IdP's
 * user-pool API with the real SDK (the mock answers AdminCreateUser and AdminAddUserToGroup as
 * Cognito does, and keeps the invitation in its outbox).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockUserPoolApi } from "@cognito-dashboard/local-dev";
import { type MockIdp, startMockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateUserError, createUser, resolveUserPoolId } from "../../scripts/create-user.ts";

const POOL = "eu-west-1_TestPool1";
let idp: MockIdp;
let sdk: CognitoIdentityProviderClient;
let dir: string;
/** Requests the SDK sent, counted by its own middleware stack. */
let sent = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "create-user-"));
  idp = await startMockIdp({ port: 0, quiet: true, userPoolId: POOL });
  sdk = new CognitoIdentityProviderClient({ ...mockUserPoolApi(idp.url, POOL), maxAttempts: 1 });
  sdk.middlewareStack.add(
    (next) => (args) => {
      sent++;
      return next(args);
    },
    { step: "build", name: "countRequests" },
  );
});

afterAll(async () => {
  sdk.destroy();
  await idp.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("resolveUserPoolId", () => {
  it("prefers USER_POOL_ID, else reads the userPoolId output", async () => {
    const outputs = join(dir, "outputs.json");
    await writeFile(outputs, JSON.stringify({ userPoolId: POOL, dashboardUrl: "https://x" }));
    expect(resolveUserPoolId({ USER_POOL_ID: "us-east-1_Other1" }, outputs)).toBe(
      "us-east-1_Other1",
    );
    expect(resolveUserPoolId({}, outputs)).toBe(POOL);
  });

  it("says what to do when there is no pool id anywhere", async () => {
    expect(() => resolveUserPoolId({}, join(dir, "missing.json"))).toThrow(
      /set USER_POOL_ID, or run `npx sst deploy/,
    );
    const empty = join(dir, "empty.json");
    await writeFile(empty, "{}");
    expect(() => resolveUserPoolId({}, empty)).toThrow(/has no userPoolId output/);
    expect(() => resolveUserPoolId({ USER_POOL_ID: "nope" }, empty)).toThrow(CreateUserError);
  });
});

describe("createUser", () => {
  it("creates the user with the email as username, verified, and the name; Cognito mails a temporary password", async () => {
    const user = await createUser({
      userPoolId: POOL,
      email: " ada@example.com ",
      name: "Ada Lovelace",
      client: sdk,
    });
    // In a pool whose usernames are emails, Cognito's username is the user's sub.
    expect(user.status).toBe("FORCE_CHANGE_PASSWORD");
    expect(user.username).toMatch(/^[0-9a-f-]{36}$/);
    const got = await sdk.send(
      new AdminGetUserCommand({ UserPoolId: POOL, Username: "ada@example.com" }),
    );
    expect(got.Username).toBe(user.username);
    expect(Object.fromEntries((got.UserAttributes ?? []).map((a) => [a.Name, a.Value]))).toEqual({
      sub: user.username,
      email: "ada@example.com",
      email_verified: "true",
      name: "Ada Lovelace",
    });
    const [mail] = idp.outbox().filter((m) => m.to === "ada@example.com");
    expect(mail).toMatchObject({ kind: "invitation", medium: "EMAIL" });
    expect(mail?.temporaryPassword).toBeTypeOf("string");
  });

  it("adds the user to the admins group with --admin", async () => {
    const user = await createUser({
      userPoolId: POOL,
      email: "grace@example.com",
      name: "Grace Hopper",
      admin: true,
      client: sdk,
    });
    const { Groups } = await sdk.send(
      new AdminListGroupsForUserCommand({ UserPoolId: POOL, Username: user.username }),
    );
    expect(Groups?.map((g) => g.GroupName)).toEqual(["admins"]);
  });

  it("explains an existing user and refuses bad input before calling AWS", async () => {
    await expect(
      createUser({ userPoolId: POOL, email: "ada@example.com", name: "Ada", client: sdk }),
    ).rejects.toThrow("ada@example.com already exists");
    const before = sent;
    await expect(
      createUser({ userPoolId: POOL, email: "not-an-email", name: "X", client: sdk }),
    ).rejects.toThrow(/not an email address/);
    await expect(
      createUser({ userPoolId: POOL, email: "b@example.com", name: "  ", client: sdk }),
    ).rejects.toThrow(/Enter the person's name/);
    expect(sent).toBe(before);
  });

  it("explains a pool that does not exist", async () => {
    await expect(
      createUser({
        userPoolId: "eu-west-1_Missing1",
        email: "c@example.com",
        name: "C",
        client: sdk,
      }),
    ).rejects.toThrow("User pool eu-west-1_Missing1 does not exist in eu-west-1");
  });
});
