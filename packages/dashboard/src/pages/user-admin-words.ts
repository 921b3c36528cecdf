/**
 * What the user-administration pages say about each step: button labels, confirmation texts and
 * the message shown after a step. The step's id comes in a cookie only this app's POST sets
 * (done-flash.ts); the sentence is built here from live data, and only if that data agrees.
 */
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import type { PoolUser } from "../user-admin/cognito-user-admin.ts";
import type { DoneStep } from "../user-admin/done-flash.ts";
import type { UserAction } from "../user-admin/user-actions.ts";

export const ACTION_LABELS: Record<UserAction, string> = {
  resend_invitation: "Resend invitation",
  make_admin: "Make admin",
  remove_admin: "Remove admin rights",
  disable: "Disable",
  enable: "Enable",
  reset_password: "Reset password",
  delete: "Delete",
  set_groups: "Save groups",
  rename: "Save name",
};

/** For the steps that are confirmed first: the question and what will happen. */
export const CONFIRMATIONS: Partial<
  Record<UserAction, { question: (who: string) => string; consequence: string }>
> = {
  remove_admin: {
    question: (who) => `Remove admin rights from ${who}?`,
    consequence:
      "They lose the admin pages and can no longer manage people. They are signed out everywhere within a minute and can sign in again without admin rights. You can make them an admin again later.",
  },
  disable: {
    question: (who) => `Disable ${who}?`,
    consequence:
      "They can no longer sign in, and lose access within a minute wherever they are signed in. You can enable them again later.",
  },
  reset_password: {
    question: (who) => `Reset the password of ${who}?`,
    consequence:
      "Their current password stops working. They get an email with a code, and choose a new password at their next sign-in.",
  },
  delete: {
    question: (who) => `Delete ${who}?`,
    consequence:
      "This cannot be undone: the account and its groups are removed. To let them in again later, invite them again.",
  },
};

/**
 * The sentence for a finished step about `target` (`undefined` once deleted), or `undefined` when
 * the step is not one of ours or the user's live state does not agree with it (someone else
 * changed them since): a page never says something happened that its own data contradicts.
 * @example doneMessage("disable", user) // "ada@example.com is disabled: …" when !user.enabled
 */
export function doneMessage(
  step: DoneStep | undefined,
  target: PoolUser | undefined,
): string | undefined {
  if (step === "delete") return target === undefined ? "The user was deleted." : undefined;
  if (!target || !step) return undefined;
  const who = target.email || target.username;
  const admin = target.groups.includes(ADMINS_GROUP);
  const invited = target.status === "FORCE_CHANGE_PASSWORD";
  switch (step) {
    case "invited":
      return invited
        ? `Invitation sent to ${who}. They get a temporary password by email, and choose their own at their first sign-in.`
        : undefined;
    case "invited_without_groups":
      return invited
        ? `Invitation sent to ${who}, but not every group you chose could be added: Cognito did not answer in time or refused. Their groups are below as Cognito has them now; add the missing ones there.`
        : undefined;
    case "resend_invitation":
      return invited
        ? `A new invitation is on its way to ${who}, with a new temporary password.`
        : undefined;
    case "make_admin":
      return admin
        ? `${who} is now an admin, and gets the admin pages within a minute.`
        : undefined;
    case "remove_admin":
      return admin
        ? undefined
        : `${who} is no longer an admin, and loses admin access within a minute.`;
    case "disable":
      return target.enabled
        ? undefined
        : `${who} is disabled: they cannot sign in, and lose access within a minute.`;
    case "enable":
      return target.enabled ? `${who} is enabled again and can sign in.` : undefined;
    case "reset_password":
      return target.status === "RESET_REQUIRED"
        ? `${who} must choose a new password: they got an email with a code for their next sign-in.`
        : undefined;
    case "set_groups":
      return target.groups.length > 0
        ? `${who}'s groups are now: ${target.groups.join(", ")}.`
        : `${who} is in no group now.`;
    case "rename":
      return target.name ? `${who}'s name is now ${target.name}.` : undefined;
  }
}
