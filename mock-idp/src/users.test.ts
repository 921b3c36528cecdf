import { describe, expect, it } from "vitest";
import { DEFAULT_USERS_FILE, resolveOptions } from "./options.ts";
import { UsersFileError, uuidFrom, validateUsers } from "./users.ts";

describe("users", () => {
  it("loads the default users of the issue", () => {
    const { users } = resolveOptions({ port: 0 });
    expect(users.map((u) => [u.email, u.name, u.groups])).toEqual([
      ["demo@example.com", "Demo User", []],
      ["admin@example.com", "Admin User", ["admins"]],
    ]);
    expect(DEFAULT_USERS_FILE.endsWith("mock-idp/users.json")).toBe(true);
  });

  it("gives each user a stable UUID sub unless one is set", () => {
    const [user] = validateUsers([{ email: "A@b.co", password: "p", name: "A" }]);
    expect(user?.sub).toBe(uuidFrom("user:a@b.co"));
    expect(user?.sub).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const sub = "11111111-2222-4333-8444-555555555555";
    expect(validateUsers([{ email: "a@b.co", password: "p", name: "A", sub }])[0]?.sub).toBe(sub);
  });

  it("reads a temporary password, a disabled user and a federated user", () => {
    const [temporary, disabled, federated] = validateUsers([
      { email: "t@b.co", password: "Tmp-Passw0rd!", name: "T", status: "FORCE_CHANGE_PASSWORD" },
      { email: "d@b.co", password: "p", name: "D", enabled: false },
      { email: "sam@corp.example", name: "Sam", federated: true, providerUserId: "sam01" },
    ]);
    expect(temporary?.status).toBe("FORCE_CHANGE_PASSWORD");
    expect(disabled?.enabled).toBe(false);
    expect(federated).toMatchObject({ password: "", federated: { userId: "sam01" } });
  });

  it.each([
    [[], "the array of users is empty"],
    [[1], "user 1 is not an object"],
    [[{ email: "x", password: "p", name: "N" }], '"email" is not an email address'],
    [[{ email: "a@b.c", password: "p", name: "N", groups: "admins" }], '"groups" must be an array'],
    [
      [
        { email: "a@b.c", password: "p", name: "N" },
        { email: "A@B.C", password: "q", name: "M" },
      ],
      'user 2: "A@B.C" appears twice',
    ],
    [
      [{ email: "a@b.c", password: "p", name: "N", attributes: { tenant: 3 } }],
      'attribute "tenant"',
    ],
    [[{ email: "a@b.c", password: "p", name: "N", sub: "12" }], '"sub" must be a UUID'],
    [[{ email: "a@b.c", password: "p", name: "N", status: "NEW" }], '"status" must be'],
    [[{ email: "a@b.c", name: "N", federated: true, password: "p" }], "without a password"],
    [[{ email: "a@b.c", name: "N" }], '"password" must be a non-empty string'],
  ])("rejects %j with a message naming the problem", (data, message) => {
    expect(() => validateUsers(data, "users.json")).toThrow(UsersFileError);
    expect(() => validateUsers(data, "users.json")).toThrow(message);
  });
});
