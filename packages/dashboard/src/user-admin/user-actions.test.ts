import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CognitoUserAdmin, PoolUser } from "./cognito-user-admin.ts";
import {
  ACTION_SLUGS,
  actionFromSlug,
  allowedActions,
  isSelf,
  runUserAction,
  targetForAdmin,
  USER_ACTIONS,
} from "./user-actions.ts";
import { UserAdminError } from "./user-admin-error.ts";

const actor = { sub: "me-sub", username: "me-sub", email: "me@example.com" };
const user = (over: Partial<PoolUser> = {}): PoolUser => ({
  username: "them-sub",
  sub: "them-sub",
  email: "them@example.com",
  name: "Them",
  status: "CONFIRMED",
  enabled: true,
  createdAt: undefined,
  groups: [],
  ...over,
});

describe("what an admin is offered", () => {
  it("offers each step only where it applies", () => {
    const editing = ["set_groups", "rename"];
    expect(allowedActions(actor, user())).toEqual([
      "make_admin",
      "disable",
      "reset_password",
      ...editing,
    ]);
    expect(allowedActions(actor, user({ status: "FORCE_CHANGE_PASSWORD" }))).toEqual([
      "resend_invitation",
      "make_admin",
      "disable",
      ...editing,
    ]);
    expect(allowedActions(actor, user({ groups: ["admins"] }))).toEqual([
      "remove_admin",
      "disable",
      "reset_password",
      ...editing,
    ]);
    // Deleting takes a disabled user: two deliberate steps.
    expect(allowedActions(actor, user({ enabled: false }))).toEqual([
      "enable",
      "delete",
      ...editing,
    ]);
  });

  it("never offers an admin to disable, delete or demote themselves", () => {
    const me = user({ username: "me-sub", sub: "me-sub", groups: ["admins"] });
    expect(isSelf(actor, me)).toBe(true);
    expect(allowedActions(actor, me)).toEqual(["reset_password", "set_groups", "rename"]);
    expect(allowedActions(actor, { ...me, enabled: false })).toEqual([
      "enable",
      "set_groups",
      "rename",
    ]);
    // The username alone identifies them too (a user without a sub attribute).
    expect(isSelf(actor, { sub: "", username: "me-sub" })).toBe(true);
    expect(isSelf(actor, { sub: "", username: "other" })).toBe(false);
  });

  it("names every step by a URL segment and back", () => {
    for (const action of USER_ACTIONS) expect(actionFromSlug(ACTION_SLUGS[action])).toBe(action);
    expect(actionFromSlug("make_admin")).toBeUndefined();
    expect(actionFromSlug("constructor")).toBeUndefined();
  });
});

/**
 * A pool in memory with the CognitoUserAdmin calls user-actions.ts makes, recording the steps;
 * `delays` holds getUser back per username, to order the answers as a slow network might.
 */
function poolOf(users: PoolUser[], delays: Record<string, number> = {}) {
  const byName = new Map(users.map((u) => [u.username, { ...u }]));
  const steps: string[] = [];
  const find = async (username: string) => {
    await new Promise((ok) => setTimeout(ok, delays[username] ?? 0));
    const found = byName.get(username);
    if (!found) throw new UserAdminError("user_not_found", "There is no such user.", 404);
    return found;
  };
  const fake = {
    steps,
    getUser: async (username: string) => ({ ...(await find(username)) }),
    addToGroup: async (username: string, group: string) => {
      steps.push(`add ${username} ${group}`);
      (await find(username)).groups.push(group);
    },
    removeFromGroup: async (username: string, group: string) => {
      steps.push(`remove ${username} ${group}`);
      const u = await find(username);
      u.groups = u.groups.filter((g) => g !== group);
    },
    disable: async (username: string) => {
      steps.push(`disable ${username}`);
      (await find(username)).enabled = false;
    },
    enable: async (username: string) => {
      steps.push(`enable ${username}`);
      (await find(username)).enabled = true;
    },
    groupMembers: async (group: string) =>
      [...byName.values()]
        .filter((u) => u.groups.includes(group))
        .map((u) => ({ username: u.username, enabled: u.enabled })),
  };
  return fake as typeof fake & CognitoUserAdmin;
}

describe("who may ask, and what is logged", () => {
  let lines: string[] = [];
  beforeEach(() => {
    lines = [];
    const keep = (line: unknown) => {
      lines.push(String(line));
    };
    vi.spyOn(console, "log").mockImplementation(keep);
    vi.spyOn(console, "warn").mockImplementation(keep);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("checks the actor before reading the target: a former admin gets 403 for known and unknown users alike", async () => {
    // The actor's own lookup is the slow one: read in parallel, the unknown target's 404 came first.
    const former = user({ username: "me-sub", sub: "me-sub", groups: [] });
    const known = user();
    const pool = poolOf([former, known], { "me-sub": 20 });
    for (const username of [known.username, "nobody-at-all"]) {
      await expect(targetForAdmin(pool, actor, username)).rejects.toMatchObject({
        code: "not_admin_anymore",
        status: 403,
      });
      await expect(runUserAction(pool, actor, "make_admin", username)).rejects.toMatchObject({
        code: "not_admin_anymore",
      });
    }
    expect(pool.steps).toEqual([]);
  });

  it("refuses steps the user's state forbids with 409, runs nothing and logs no success", async () => {
    const me = user({ username: "me-sub", sub: "me-sub", groups: ["admins"] });
    const off = user({ username: "off", sub: "off", enabled: false });
    const plain = user({ username: "plain", sub: "plain" });
    const pool = poolOf([me, off, plain]);
    const refused = [
      ["make_admin", "off", "user_state"],
      ["remove_admin", "plain", "user_state"],
      ["disable", "off", "user_state"],
      ["enable", "plain", "user_state"],
      ["delete", "plain", "not_disabled"],
      ["resend_invitation", "plain", "not_invited"],
    ] as const;
    for (const [action, username, code] of refused) {
      await expect(runUserAction(pool, actor, action, username), action).rejects.toMatchObject({
        code,
        status: 409,
      });
    }
    expect(pool.steps).toEqual([]);
    const logged = lines.map((l) => JSON.parse(l));
    expect(logged).toHaveLength(refused.length);
    for (const entry of logged) expect(entry.outcome).toBe("refused");
  });

  it("undoes a demotion that left no enabled admin (the other one demoted meanwhile elsewhere) with 409 last_admin", async () => {
    const me = user({ username: "me-sub", sub: "me-sub", groups: ["admins"] });
    const them = user({ username: "them", sub: "them", groups: ["admins"] });
    for (const action of ["remove_admin", "disable", "set_groups"] as const) {
      const pool = poolOf([me, them]);
      // Another container demotes the actor while this step runs.
      const step = action === "disable" ? "disable" : "removeFromGroup";
      const original = pool[step];
      const demote = pool.removeFromGroup;
      pool[step] = async (username: string, group?: string) => {
        await original(username, group as string);
        await demote("me-sub", "admins");
      };
      await expect(
        runUserAction(pool, actor, action, "them", { groups: [] }),
        action,
      ).rejects.toMatchObject({ code: "last_admin", status: 409 });
      const after = await pool.getUser("them");
      expect(after.enabled && after.groups.includes("admins"), action).toBe(true);
      expect(JSON.parse(lines.at(-1) ?? "").outcome).toBe("refused");
    }
  });

  it("logs only a username that passed its check, and keeps each line one line", async () => {
    const me = user({ username: "me-sub", sub: "me-sub", groups: ["admins"] });
    const pool = poolOf([me]);
    const raw = 'x\u2028{"outcome":"done"}';
    await expect(runUserAction(pool, actor, "disable", raw)).rejects.toMatchObject({
      code: "user_not_found",
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('outcome":"done');
    expect(lines[0]).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(lines[0] ?? "").targetUsername).toBeUndefined();
  });
});
