/**
 * What an admin may do to users, on top of the bare operations: the rules that need to know who
 * is asking, and the log line of every step. The pages and the JSON API both go through here.
 *
 * 1. Input is checked first (username, name, groups): nothing malformed reaches Cognito or a log.
 * 2. The acting admin is checked live against the pool (enabled, still in the admins group)
 *    before the target is read: a former admin gets the same refusal for every user, existing or
 *    not. Their session's groups may be up to one ID-token lifetime old.
 * 3. The target is read again (it may have vanished since the page was drawn); a step its state
 *    forbids is refused (409), and an admin may not disable, delete or demote themselves.
 * 4. The step runs. Steps run one at a time per pool in this container; one that took an enabled
 *    admin away then re-reads the admins group and, if no enabled admin is left (another
 *    container demoted the other one at the same moment: Cognito has no transactions), undoes
 *    itself and is refused with 409 `last_admin`. Of two admins demoting each other, at least one
 *    stays.
 * 5. One log line says who did what to whom and how it ended; "done" only for what was done.
 */
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import { logAdminAction } from "./admin-log.ts";
import type { CognitoUserAdmin, PoolUser } from "./cognito-user-admin.ts";
import { UserAdminError } from "./user-admin-error.ts";
import { checkEmail, checkGroups, checkName, checkUsername } from "./user-input.ts";

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
  "set_groups",
  "rename",
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
  set_groups: "groups",
  rename: "name",
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

/** Steps that carry input of their own (a form, a JSON body): not offered as plain buttons. */
export const EDITING_ACTIONS: ReadonlySet<UserAction> = new Set(["set_groups", "rename"]);

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
 * The steps `actor` may take on `user` as they are now, in order (the pages offer these; the
 * same rule refuses the others when posted directly).
 * @example allowedActions(actor, user) // ["make_admin", "disable", "reset_password", ...]
 */
export function allowedActions(actor: Actor, user: PoolUser): UserAction[] {
  const self = isSelf(actor, user);
  const admin = user.groups.includes(ADMINS_GROUP);
  return USER_ACTIONS.filter((action) => {
    if (self && NOT_ON_ONESELF.has(action)) return false;
    switch (action) {
      case "resend_invitation":
        return user.enabled && user.status === "FORCE_CHANGE_PASSWORD";
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
      case "set_groups":
      case "rename":
        return true;
    }
    return false;
  });
}

/** Why a step is not allowed for this user now: oneself (403) or the user's state (409). */
function refusalFor(actor: Actor, user: PoolUser, action: UserAction): UserAdminError {
  if (NOT_ON_ONESELF.has(action) && isSelf(actor, user)) return selfAction();
  switch (action) {
    case "delete":
      return new UserAdminError(
        "not_disabled",
        "Only a disabled user can be deleted: disable them first.",
        409,
      );
    case "resend_invitation":
      return new UserAdminError(
        "not_invited",
        "This user has already signed in and chosen a password, so there is no invitation to resend. Reset their password instead.",
        409,
      );
    default:
      return new UserAdminError(
        "user_state",
        `This step does not apply to this user as they are now (${describeState(user)}).`,
        409,
      );
  }
}

function describeState(user: PoolUser): string {
  const parts = [user.enabled ? "enabled" : "disabled"];
  parts.push(user.groups.includes(ADMINS_GROUP) ? "an admin" : "not an admin");
  if (user.status === "FORCE_CHANGE_PASSWORD") parts.push("invited");
  if (user.status === "RESET_REQUIRED") parts.push("must choose a new password");
  return parts.join(", ");
}

/**
 * Refuses unless `action` is allowed for `user` now: 403 `self_action` or 409 `user_state`
 * (`not_disabled`, `not_invited`).
 * @example assertAllowed(actor, target, "delete");
 */
export function assertAllowed(actor: Actor, user: PoolUser, action: UserAction): void {
  if (!allowedActions(actor, user).includes(action)) throw refusalFor(actor, user, action);
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
 * The user a page or step is about, read only once the actor's admin rights are confirmed: a
 * former admin gets the same 403 for every username, so the answer tells nothing of who exists.
 * @example const target = await targetForAdmin(admin, actor, "5f1c…");
 */
export async function targetForAdmin(
  admin: CognitoUserAdmin,
  actor: Actor,
  username: string,
): Promise<PoolUser> {
  await confirmStillAdmin(admin, actor);
  return admin.getUser(username);
}

function notAdminAnymore(): UserAdminError {
  return new UserAdminError(
    "not_admin_anymore",
    "Your account is no longer an enabled member of the admins group, so you cannot manage users.",
    403,
  );
}

function selfAction(): UserAdminError {
  return new UserAdminError(
    "self_action",
    "You cannot disable, delete or remove admin rights from your own account: ask another admin.",
    403,
  );
}

/** What a step that edits carries: the new name, or the complete list of groups wanted. */
export interface StepInput {
  name?: unknown;
  groups?: unknown;
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
  input: StepInput = {},
): Promise<PoolUser | undefined> {
  // Only what passed its check reaches the log line.
  let target: { username?: string; email?: string } = {};
  try {
    const username = checkUsername(rawUsername);
    target = { username };
    const name = action === "rename" ? checkName(input.name) : undefined;
    const groups = action === "set_groups" ? checkGroups(input.groups) : undefined;
    return await oneAtATime(admin, async () => {
      await confirmStillAdmin(admin, actor);
      const user = await admin.getUser(username);
      target = { username: user.username, email: user.email };
      assertAllowed(actor, user, action);
      const wanted = groups && (await wantedGroups(admin, actor, user, groups));
      const wasAdmin = user.enabled && user.groups.includes(ADMINS_GROUP);
      await perform(admin, action, user, { name, groups: wanted });
      if (wasAdmin && takesAdminAway(action, wanted)) await keepAnAdmin(admin, action, user);
      logAdminAction({ actor, action, target, outcome: "done" });
      return action === "delete" ? undefined : await admin.getUser(user.username);
    });
  } catch (error) {
    logFailure(actor, action, target, error);
    throw error;
  }
}

/** An invitation sent: the user as Cognito created them, and the chosen groups they are not in. */
export interface Invitation {
  user: PoolUser;
  /**
   * Groups chosen that could not be added (empty when all were): the first that Cognito refused
   * or did not answer for, and those after it. The invitation is out either way.
   */
  groupsNotAdded: string[];
}

/**
 * Invites a new user for the actor, after the live admin check, into the groups chosen, and logs
 * it. Once Cognito has created the user (and mailed the invitation), a group it then fails to add
 * does not turn the invitation into an error: asked again, the invitation would only meet "already
 * exists". The groups not added are returned instead, and logged as a failed `set_groups`.
 * @example const { user, groupsNotAdded } = await inviteUser(admin, actor, { email: "ada@example.com", name: "Ada", groups: ["admins"] });
 */
export async function inviteUser(
  admin: CognitoUserAdmin,
  actor: Actor,
  input: { email: unknown; name: unknown; groups?: unknown },
): Promise<Invitation> {
  let target: { username?: string; email?: string } = {};
  let wanted: { email: string; name: string; groups: string[] };
  let user: PoolUser;
  try {
    // Malformed input is refused before any call to Cognito.
    const email = checkEmail(input.email);
    target = { email };
    wanted = { email, name: checkName(input.name), groups: checkGroups(input.groups ?? []) };
    await confirmStillAdmin(admin, actor);
    if (wanted.groups.length > 0) await assertPoolGroups(admin, wanted.groups);
    user = await admin.invite(wanted);
  } catch (error) {
    logFailure(actor, "invite", target, error);
    throw error;
  }
  target = { username: user.username, email: user.email };
  logAdminAction({ actor, action: "invite", target, outcome: "done" });
  const added: string[] = [];
  for (const group of wanted.groups) {
    try {
      await admin.addToGroup(user.username, group);
      added.push(group);
    } catch (error) {
      logFailure(actor, "set_groups", target, error);
      return {
        user: { ...user, groups: added.sort() },
        groupsNotAdded: wanted.groups.filter((g) => !added.includes(g)),
      };
    }
  }
  return { user: { ...user, groups: added.sort() }, groupsNotAdded: [] };
}

async function assertPoolGroups(admin: CognitoUserAdmin, groups: string[]): Promise<void> {
  const known = new Set((await admin.listGroups()).map((g) => g.name));
  const unknown = groups.filter((g) => !known.has(g));
  if (unknown.length > 0) {
    throw new UserAdminError(
      "invalid_group",
      `The pool has no group named ${unknown.map((g) => `"${g}"`).join(", ")}.`,
      400,
    );
  }
}

/** The groups asked for, checked against the pool, refusing to take oneself out of admins. */
async function wantedGroups(
  admin: CognitoUserAdmin,
  actor: Actor,
  user: PoolUser,
  groups: string[],
): Promise<string[]> {
  if (isSelf(actor, user) && user.groups.includes(ADMINS_GROUP) && !groups.includes(ADMINS_GROUP)) {
    throw selfAction();
  }
  // Only groups being added need to exist; leaving a group deleted meanwhile is harmless.
  const added = groups.filter((g) => !user.groups.includes(g));
  if (added.length > 0) await assertPoolGroups(admin, added);
  return groups;
}

function takesAdminAway(action: UserAction, groups: string[] | undefined): boolean {
  if (action === "remove_admin" || action === "disable") return true;
  return action === "set_groups" && !(groups ?? []).includes(ADMINS_GROUP);
}

/**
 * After a step took an enabled admin away: if no enabled admin is left, undo the step and refuse.
 * Another container may have demoted the last other admin between our checks; undoing here means
 * both steps may be undone, never that both stand.
 */
async function keepAnAdmin(
  admin: CognitoUserAdmin,
  action: UserAction,
  user: PoolUser,
): Promise<void> {
  const admins = await admin.groupMembers(ADMINS_GROUP);
  if (admins.some((m) => m.enabled)) return;
  const who = user.email || user.username;
  if (action === "disable") await admin.enable(user.username);
  else await admin.addToGroup(user.username, ADMINS_GROUP);
  throw new UserAdminError(
    "last_admin",
    `This would have left no enabled admin (another admin was removed at the same moment), so ${who} ${action === "disable" ? "was enabled again" : "keeps admin rights"}. Check the people and try again.`,
    409,
  );
}

// One step at a time per pool in this container, so two admins demoting each other here are
// decided in order (the second is no longer an admin). Across containers, keepAnAdmin holds.
const queues = new WeakMap<CognitoUserAdmin, Promise<unknown>>();

function oneAtATime<T>(admin: CognitoUserAdmin, work: () => Promise<T>): Promise<T> {
  const before = queues.get(admin) ?? Promise.resolve();
  const run = before.then(work, work);
  queues.set(
    admin,
    run.catch(() => undefined),
  );
  return run;
}

async function perform(
  admin: CognitoUserAdmin,
  action: UserAction,
  user: PoolUser,
  input: { name?: string | undefined; groups?: string[] | undefined },
): Promise<void> {
  const username = user.username;
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
    case "rename":
      return admin.setName(username, input.name ?? "");
    case "set_groups": {
      const wanted = input.groups ?? [];
      // Joins first: a failure halfway leaves the user with more access, never locked out of all.
      for (const g of wanted) if (!user.groups.includes(g)) await admin.addToGroup(username, g);
      for (const g of user.groups)
        if (!wanted.includes(g)) await admin.removeFromGroup(username, g);
      return;
    }
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
