import { describe, expect, it } from "vitest";
import { DEFAULT_USERS_FILE, resolveOptions } from "./options.ts";
import { checkPassword, UsersFileError, uuidFrom, validateUsers } from "./users.ts";

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

  it("matches the username case-insensitively and the password exactly", () => {
    const users = validateUsers([{ email: "Demo@Example.com", password: "Passw0rd!", name: "D" }]);
    expect(checkPassword(users, " demo@EXAMPLE.com", "Passw0rd!")?.name).toBe("D");
    expect(checkPassword(users, "demo@example.com", "passw0rd!")).toBeUndefined();
    expect(checkPassword(users, "other@example.com", "Passw0rd!")).toBeUndefined();
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
  ])("rejects %j with a message naming the problem", (data, message) => {
    expect(() => validateUsers(data, "users.json")).toThrow(UsersFileError);
    expect(() => validateUsers(data, "users.json")).toThrow(message);
  });
});
