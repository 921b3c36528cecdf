/**
 * `npm run create-user`: which pool it picks, and what it asks Cognito, against a local AWS JSON
 * 1.1 fake of AdminCreateUser with the real SDK.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateUserError, createUser, resolveUserPoolId } from "../../scripts/create-user.ts";

const POOL = "eu-west-1_TestPool1";
let server: Server;
let sdk: CognitoIdentityProviderClient;
let dir: string;
const existing = new Set<string>();
const received: Record<string, unknown>[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "create-user-"));
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => {
      raw += c;
    });
    req.on("end", () => {
      const body = JSON.parse(raw);
      const target = String(req.headers["x-amz-target"]);
      received.push({ target, ...body });
      res.setHeader("content-type", "application/x-amz-json-1.1");
      if (target.endsWith(".AdminAddUserToGroup")) {
        res.writeHead(200).end("{}");
        return;
      }
      if (existing.has(body.Username)) {
        res.writeHead(400).end(JSON.stringify({ __type: "UsernameExistsException", message: "x" }));
        return;
      }
      existing.add(body.Username);
      res.writeHead(200).end(
        JSON.stringify({
          User: { Username: body.Username, UserStatus: "FORCE_CHANGE_PASSWORD" },
        }),
      );
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  sdk = new CognitoIdentityProviderClient({
    region: "eu-west-1",
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sdk.destroy();
  await new Promise((ok) => server.close(ok));
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
  it("creates the user with the email as username, verified, and the name", async () => {
    const user = await createUser({
      userPoolId: POOL,
      email: " ada@example.com ",
      name: "Ada Lovelace",
      client: sdk,
    });
    expect(user).toEqual({ username: "ada@example.com", status: "FORCE_CHANGE_PASSWORD" });
    expect(received.at(-1)).toMatchObject({
      target: "AWSCognitoIdentityProviderService.AdminCreateUser",
      UserPoolId: POOL,
      Username: "ada@example.com",
      DesiredDeliveryMediums: ["EMAIL"],
      UserAttributes: [
        { Name: "email", Value: "ada@example.com" },
        { Name: "email_verified", Value: "true" },
        { Name: "name", Value: "Ada Lovelace" },
      ],
    });
  });

  it("adds the user to the admins group with --admin", async () => {
    await createUser({
      userPoolId: POOL,
      email: "grace@example.com",
      name: "Grace Hopper",
      admin: true,
      client: sdk,
    });
    expect(received.at(-1)).toEqual({
      target: "AWSCognitoIdentityProviderService.AdminAddUserToGroup",
      UserPoolId: POOL,
      Username: "grace@example.com",
      GroupName: "admins",
    });
  });

  it("explains an existing user and refuses bad input before calling AWS", async () => {
    await expect(
      createUser({ userPoolId: POOL, email: "ada@example.com", name: "Ada", client: sdk }),
    ).rejects.toThrow("ada@example.com already exists");
    const before = received.length;
    await expect(
      createUser({ userPoolId: POOL, email: "not-an-email", name: "X", client: sdk }),
    ).rejects.toThrow(/not an email address/);
    await expect(
      createUser({ userPoolId: POOL, email: "b@example.com", name: "  ", client: sdk }),
    ).rejects.toThrow(/Enter the person's name/);
    expect(received.length).toBe(before);
  });
});
