/**
 * What the user-administration pages say about each step: button labels, confirmation texts and
 * the message shown after a step. A redirect carries only the step's id (`?done=disable`); the
 * sentence is built here, from live data, so no text of a URL ever reaches a page.
 */
import { TOKEN_LIFETIMES } from "@cognito-dashboard/local-dev";
import type { UserAction } from "../user-admin/user-actions.ts";

/** How long a session may keep its old groups or stay open after a change: one ID token's life. */
export const RENEWAL_MINUTES = Math.round(TOKEN_LIFETIMES.idTokenSeconds / 60);

export const ACTION_LABELS: Record<UserAction, string> = {
  resend_invitation: "Resend invitation",
  make_admin: "Make admin",
  remove_admin: "Remove admin rights",
  disable: "Disable",
  enable: "Enable",
  reset_password: "Reset password",
  delete: "Delete",
};

/** For the steps that are confirmed first: the question and what will happen. */
export const CONFIRMATIONS: Partial<
  Record<UserAction, { question: (who: string) => string; consequence: string }>
> = {
  remove_admin: {
    question: (who) => `Remove admin rights from ${who}?`,
    consequence: `They can no longer manage users, from now on. Their current session keeps the other admin pages until it next renews (within ${RENEWAL_MINUTES} minutes). You can make them an admin again later.`,
  },
  disable: {
    question: (who) => `Disable ${who}?`,
    consequence: `They can no longer sign in. A session they already have ends when it next renews (within ${RENEWAL_MINUTES} minutes): sessions are stateless cookies, checked with Cognito at each renewal. You can enable them again later.`,
  },
  reset_password: {
    question: (who) => `Reset the password of ${who}?`,
    consequence:
      "Their current password stops working. Cognito mails them a code, and at their next sign-in they choose a new password.",
  },
  delete: {
    question: (who) => `Delete ${who}?`,
    consequence:
      "This cannot be undone: the account leaves the user pool. To let them in again later, invite them again.",
  },
};

/**
 * The sentence for a finished step, or `undefined` for an id that is not one of ours.
 * @example doneMessage("disable", "ada@example.com") // "ada@example.com is disabled: …"
 */
export function doneMessage(id: string | undefined, who: string): string | undefined {
  switch (id) {
    case "invited":
      return `Invitation sent to ${who}: Cognito has mailed them a temporary password, and they choose their own at their first sign-in.`;
    case "resend_invitation":
      return `A new invitation is on its way to ${who}, with a new temporary password.`;
    case "make_admin":
      return `${who} is now an admin. Their session gets the admin pages when it next renews (within ${RENEWAL_MINUTES} minutes) or at their next sign-in.`;
    case "remove_admin":
      return `${who} is no longer an admin and can no longer manage users. Their session keeps the other admin pages until it next renews (within ${RENEWAL_MINUTES} minutes).`;
    case "disable":
      return `${who} is disabled: they cannot sign in, and their session ends when it next renews (within ${RENEWAL_MINUTES} minutes).`;
    case "enable":
      return `${who} is enabled again and can sign in.`;
    case "reset_password":
      return `${who} must choose a new password: Cognito has mailed them a code, asked for at their next sign-in.`;
    case "delete":
      return "The user was deleted.";
    default:
      return undefined;
  }
}
