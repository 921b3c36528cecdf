/**
 * What an admin may do to users, on top of the bare operations: the rules that need to know who
 * is asking, and the log line of every step. The pages and the JSON API both go through here.
 *
 * 1. The acting admin is checked live against the pool (enabled, still in the admins group)
 *    before anything else: their session's groups may be up to one ID-token lifetime old, and
 *    user administration should not outlive a demotion by that long.
 * 2. The target is looked up again (it may have vanished since the page was drawn), and an admin
 *    may not disable, delete or demote themselves.
 * 3. The step runs; one log line says who did what to whom and how it ended.
 */
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import { logAdminAction } from "./admin-log.ts";
import type { CognitoUserAdmin, PoolUser } from "./cognito-user-admin.ts";
import { UserAdminError } from "./user-admin-error.ts";
import { checkEmail, checkName, checkUsername } from "./user-input.ts";

/** The signed-in admin, as the session knows them. */
export interface Actor {
  sub: string;
  username: string;
  email: string;
}

/** The steps on one existing user. */
export const USER_ACTIONS = [
  "resend_invitation",
  "make_admin",
  "remove_admin",
  "disable",
  "enable",
  "reset_password",
  "delete",
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/** The URL segment of each step (`/admin/users/<username>/make-admin`). */
export const ACTION_SLUGS: Record<UserAction, string> = {
  resend_invitation: "resend-invitation",
  make_admin: "make-admin",
  remove_admin: "remove-admin",
  disable: "disable",
  enable: "enable",
  reset_password: "reset-password",
  delete: "delete",
};

/**
 * The step a URL segment names, if any.
 * @example actionFromSlug("make-admin") // "make_admin"
 */
export function actionFromSlug(slug: string): UserAction | undefined {
  const found = Object.entries(ACTION_SLUGS).find(([, s]) => s === slug);
  return found?.[0] as UserAction | undefined;
}

/** Steps a person confirms first: they take access away or cannot be undone. */
export const CONFIRMED_ACTIONS: ReadonlySet<UserAction> = new Set([
  "remove_admin",
  "disable",
  "reset_password",
  "delete",
]);

/** Steps an admin may not take on their own account: they would lock themselves out. */
const NOT_ON_ONESELF: ReadonlySet<UserAction> = new Set(["remove_admin", "disable", "delete"]);

/**
 * Whether an admin is refused `action` on their own account.
 * @example forbiddenOnOneself("disable") // true
 */
export function forbiddenOnOneself(action: UserAction): boolean {
  return NOT_ON_ONESELF.has(action);
}

/**
 * Whether a string is one of {@link USER_ACTIONS}.
 * @example isUserAction("disable") // true
 */
export function isUserAction(value: string): value is UserAction {
  return (USER_ACTIONS as readonly string[]).includes(value);
}

/**
 * Whether `user` is the acting admin's own account.
 * @example isSelf(actor, user) // true when user.sub === actor.sub
 */
export function isSelf(actor: Actor, user: Pick<PoolUser, "sub" | "username">): boolean {
  return (user.sub !== "" && user.sub === actor.sub) || user.username === actor.username;
}

/**
 * Whether `action` may be offered for `user` by `actor` (the pages hide the others; the checks
 * in {@link runUserAction} stand anyway).
 * @example allowedActions(actor, user) // ["make_admin", "disable", "reset_password"]
 */
export function allowedActions(actor: Actor, user: PoolUser): UserAction[] {
  const self = isSelf(actor, user);
  const admin = user.groups.includes(ADMINS_GROUP);
  return USER_ACTIONS.filter((action) => {
    if (self && NOT_ON_ONESELF.has(action)) return false;
    switch (action) {
      case "resend_invitation":
        return user.status === "FORCE_CHANGE_PASSWORD";
      case "make_admin":
        return !admin && user.enabled;
      case "remove_admin":
        return admin;
      case "disable":
        return user.enabled;
      case "enable":
        return !user.enabled;
      case "delete":
        return !user.enabled;
      case "reset_password":
        return user.enabled && user.status !== "FORCE_CHANGE_PASSWORD";
    }
    return false;
  });
}

/**
 * Refuses with 403 unless the actor is still an enabled member of the admins group in the pool.
 * @example await confirmStillAdmin(admin, actor);
 */
export async function confirmStillAdmin(admin: CognitoUserAdmin, actor: Actor): Promise<void> {
  let me: PoolUser;
  try {
    me = await admin.getUser(actor.username);
  } catch (error) {
    if (!(error instanceof UserAdminError) || error.code !== "user_not_found") throw error;
    throw notAdminAnymore();
  }
  if (!me.enabled || !me.groups.includes(ADMINS_GROUP)) throw notAdminAnymore();
}

/**
 * The user a page or step is about, read while the actor's admin rights are checked (in parallel:
 * one round trip to Cognito instead of two).
 * @example const target = await targetForAdmin(admin, actor, "5f1c…");
 */
export async function targetForAdmin(
  admin: CognitoUserAdmin,
  actor: Actor,
  username: string,
): Promise<PoolUser> {
  const [, target] = await Promise.all([confirmStillAdmin(admin, actor), admin.getUser(username)]);
  return target;
}

function notAdminAnymore(): UserAdminError {
  return new UserAdminError(
    "not_admin_anymore",
    "Your account is no longer an enabled member of the admins group, so you cannot manage users. Your session will lose its admin rights at its next renewal.",
    403,
  );
}

/**
 * Runs one step on one user for the actor, with every check above, and logs it. Returns the user
 * as they are afterwards (`undefined` once deleted).
 * @example const user = await runUserAction(admin, actor, "disable", "5f1c…");
 */
export async function runUserAction(
  admin: CognitoUserAdmin,
  actor: Actor,
  action: UserAction,
  rawUsername: string,
): Promise<PoolUser | undefined> {
  let target: { username?: string; email?: string } = { username: rawUsername };
  try {
    const username = checkUsername(rawUsername);
    const user = await targetForAdmin(admin, actor, username);
    target = { username: user.username, email: user.email };
    if (NOT_ON_ONESELF.has(action) && isSelf(actor, user)) {
      throw new UserAdminError(
        "self_action",
        "You cannot disable, delete or remove admin rights from your own account: ask another admin.",
        403,
      );
    }
    await perform(admin, action, user.username);
    logAdminAction({ actor, action, target, outcome: "done" });
    return action === "delete" ? undefined : await admin.getUser(user.username);
  } catch (error) {
    logFailure(actor, action, target, error);
    throw error;
  }
}

/**
 * Invites a new user for the actor, after the live admin check, and logs it.
 * @example const user = await inviteUser(admin, actor, { email: "ada@example.com", name: "Ada" });
 */
export async function inviteUser(
  admin: CognitoUserAdmin,
  actor: Actor,
  input: { email: unknown; name: unknown },
): Promise<PoolUser> {
  const target = { email: typeof input.email === "string" ? input.email.trim() : undefined };
  try {
    // Malformed input is refused before any call to Cognito.
    const wanted = { email: checkEmail(input.email), name: checkName(input.name) };
    await confirmStillAdmin(admin, actor);
    const user = await admin.invite(wanted);
    logAdminAction({
      actor,
      action: "invite",
      target: { username: user.username, email: user.email },
      outcome: "done",
    });
    return user;
  } catch (error) {
    logFailure(actor, "invite", target, error);
    throw error;
  }
}

function perform(admin: CognitoUserAdmin, action: UserAction, username: string): Promise<void> {
  switch (action) {
    case "resend_invitation":
      return admin.resendInvitation(username);
    case "make_admin":
      return admin.addToGroup(username, ADMINS_GROUP);
    case "remove_admin":
      return admin.removeFromGroup(username, ADMINS_GROUP);
    case "disable":
      return admin.disable(username);
    case "enable":
      return admin.enable(username);
    case "reset_password":
      return admin.resetPassword(username);
    case "delete":
      return admin.deleteUser(username);
  }
}

function logFailure(
  actor: Actor,
  action: string,
  target: { username?: string | undefined; email?: string | undefined },
  error: unknown,
): void {
  const known = error instanceof UserAdminError;
  logAdminAction({
    actor,
    action,
    target,
    outcome: known && error.status < 500 ? "refused" : "failed",
    code: known ? error.code : "unexpected",
    cause: ((known ? error.cause : error) as { name?: string } | undefined)?.name,
  });
}
