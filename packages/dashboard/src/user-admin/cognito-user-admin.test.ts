/**
 * What the operations module does when Cognito misbehaves: throttling retried by the SDK's
 * standard strategy, a deadline over the whole operation, failures in plain words. A small AWS
 * JSON 1.1 stand-in on a free port plays Cognito badly; the happy paths run against the mock
 * IdP's real user-pool API in the chain tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CognitoUserAdmin } from "./cognito-user-admin.ts";
import { UserAdminError } from "./user-admin-error.ts";

type Answer = (operation: string, body: Record<string, unknown>, res: ServerResponse) => void;
let answer: Answer;
let server: Server;
let endpoint: string;
const calls: string[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"]).split(".").pop() ?? "";
      calls.push(operation);
      answer(operation, raw ? JSON.parse(raw) : {}, res);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  calls.length = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
  res.end(JSON.stringify(body));
}

function operations(deadlineMs?: number): CognitoUserAdmin {
  return new CognitoUserAdmin({
    userPoolId: "eu-west-1_TestPool1",
    endpoint,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test" },
    ...(deadlineMs ? { deadlineMs } : {}),
  });
}

async function refusalOf(promise: Promise<unknown>): Promise<UserAdminError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserAdminError) return error;
    throw error;
  }
  throw new Error("expected a UserAdminError");
}

describe("CognitoUserAdmin against a misbehaving Cognito", () => {
  it("retries throttled calls (the SDK's standard strategy) and then succeeds", async () => {
    let throttled = 2;
    answer = (operation, body, res) => {
      if (throttled-- > 0) {
        reply(res, 400, { __type: "TooManyRequestsException", message: "Too many requests" });
        return;
      }
      expect(operation).toBe("AdminEnableUser");
      expect(body).toEqual({ UserPoolId: "eu-west-1_TestPool1", Username: "u-1" });
      reply(res, 200, {});
    };
    const admin = operations();
    await admin.enable("u-1");
    expect(calls).toEqual(["AdminEnableUser", "AdminEnableUser", "AdminEnableUser"]);
    admin.destroy();
  });

  it("signs the user out everywhere before disabling or demoting them", async () => {
    const bodies: Record<string, unknown>[] = [];
    answer = (_operation, body, res) => {
      bodies.push(body);
      reply(res, 200, {});
    };
    const admin = operations();
    await admin.disable("u-1");
    await admin.removeFromGroup("u-2", "admins");
    expect(calls).toEqual([
      "AdminUserGlobalSignOut",
      "AdminDisableUser",
      "AdminUserGlobalSignOut",
      "AdminRemoveUserFromGroup",
    ]);
    expect(bodies[0]).toEqual({ UserPoolId: "eu-west-1_TestPool1", Username: "u-1" });
    expect(bodies[2]).toEqual({ UserPoolId: "eu-west-1_TestPool1", Username: "u-2" });
    admin.destroy();
  });

  it("leaves the user as they were when the sign-out fails, so the step can be tried again", async () => {
    answer = (_operation, _body, res) =>
      reply(res, 400, { __type: "InternalErrorException", message: "Internal error" });
    const admin = operations();
    const error = await refusalOf(admin.disable("u-1"));
    expect(error.status).toBeGreaterThanOrEqual(500);
    expect(calls).not.toContain("AdminDisableUser");
    admin.destroy();
  });

  it("demotes a disabled user whose sign-out Cognito refuses as 'User is disabled.'", async () => {
    answer = (operation, _body, res) => {
      if (operation === "AdminUserGlobalSignOut") {
        reply(res, 400, { __type: "NotAuthorizedException", message: "User is disabled." });
      } else {
        reply(res, 200, {});
      }
    };
    const admin = operations();
    await admin.removeFromGroup("u-1", "admins");
    expect(calls).toEqual(["AdminUserGlobalSignOut", "AdminRemoveUserFromGroup"]);
    admin.destroy();
  });

  it("gives up after 3 attempts with a 503 saying to try again, never a raw exception", async () => {
    answer = (_operation, _body, res) =>
      reply(res, 400, { __type: "TooManyRequestsException", message: "Too many requests" });
    const admin = operations();
    const error = await refusalOf(admin.enable("u-1"));
    expect(error).toMatchObject({ code: "throttled", status: 503 });
    expect(error.message).toMatch(/try again in a minute/);
    expect(calls).toHaveLength(3);
    admin.destroy();
  });

  it("stops at the deadline over the whole operation when Cognito does not answer", async () => {
    answer = () => {
      // Never answers.
    };
    const admin = operations(300);
    const error = await refusalOf(admin.getUser("u-1"));
    expect(error).toMatchObject({ code: "unavailable", status: 504 });
    admin.destroy();
  });

  it("says a missing IAM permission as the dashboard's problem, not the user's", async () => {
    answer = (_operation, _body, res) =>
      reply(res, 400, {
        __type: "AccessDeniedException",
        message: "User: arn:aws:sts::1:x is not authorized",
      });
    const admin = operations();
    const error = await refusalOf(admin.listUsers());
    expect(error).toMatchObject({ code: "not_permitted", status: 502 });
    expect(error.message).not.toContain("arn:aws");
    admin.destroy();
  });

  it("refuses to delete a user who is still enabled, before asking Cognito to", async () => {
    answer = (operation, _body, res) => {
      if (operation === "AdminGetUser") {
        reply(res, 200, {
          Username: "u-1",
          Enabled: true,
          UserStatus: "CONFIRMED",
          UserAttributes: [],
        });
      } else if (operation === "AdminListGroupsForUser") {
        reply(res, 200, { Groups: [] });
      } else {
        reply(res, 500, { __type: "InternalErrorException", message: "unexpected call" });
      }
    };
    const admin = operations();
    const error = await refusalOf(admin.deleteUser("u-1"));
    expect(error).toMatchObject({ code: "not_disabled", status: 409 });
    expect(calls).not.toContain("AdminDeleteUser");
    admin.destroy();
  });

  it("checks the email and name before any call", async () => {
    const admin = operations();
    expect(await refusalOf(admin.invite({ email: "nope", name: "X" }))).toMatchObject({
      code: "invalid_email",
    });
    expect(await refusalOf(admin.listUsers({ emailPrefix: 'a" or 1=1' }))).toMatchObject({
      code: "invalid_search",
    });
    expect(calls).toEqual([]);
    admin.destroy();
  });
});
