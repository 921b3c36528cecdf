import { describe, expect, it } from "vitest";
import type { PoolUser } from "./cognito-user-admin.ts";
import {
  ACTION_SLUGS,
  actionFromSlug,
  allowedActions,
  isSelf,
  USER_ACTIONS,
} from "./user-actions.ts";

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
    expect(allowedActions(actor, user())).toEqual(["make_admin", "disable", "reset_password"]);
    expect(allowedActions(actor, user({ status: "FORCE_CHANGE_PASSWORD" }))).toEqual([
      "resend_invitation",
      "make_admin",
      "disable",
    ]);
    expect(allowedActions(actor, user({ groups: ["admins"] }))).toEqual([
      "remove_admin",
      "disable",
      "reset_password",
    ]);
    // Deleting takes a disabled user: two deliberate steps.
    expect(allowedActions(actor, user({ enabled: false }))).toEqual(["enable", "delete"]);
  });

  it("never offers an admin to disable, delete or demote themselves", () => {
    const me = user({ username: "me-sub", sub: "me-sub", groups: ["admins"] });
    expect(isSelf(actor, me)).toBe(true);
    expect(allowedActions(actor, me)).toEqual(["reset_password"]);
    expect(allowedActions(actor, { ...me, enabled: false })).toEqual(["enable"]);
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
