import type { Challenge } from "./challenge-session.ts";
import { CognitoError } from "./cognito-error.ts";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import { newPasswordPage, resetPasswordPage } from "./sign-in-pages.ts";
import type { SignInStep } from "./sign-in-step.ts";
import { type PoolUser, SIGN_IN_MESSAGES } from "./user-pool.ts";

/** Cognito's message for a challenge answered after its session ended. */
export const SESSION_EXPIRED = "Invalid session for the user, session is expired.";
/** The message when the two new-password fields differ. */
export const PASSWORDS_DIFFER = "Password fields do not match.";
/** Shown on the sign-in form after a reset. */
export const PASSWORD_WAS_RESET = "Your password has been reset. Sign in with the new password.";

/**
 * Shows the step that follows a right password for a user in FORCE_CHANGE_PASSWORD (choose a new
 * password) or RESET_REQUIRED (the code from the mail and a new password), with a signed session
 * for the answer.
 * @example showPasswordStep(step, "new-password-required", user)
 */
export function showPasswordStep(
  step: SignInStep,
  outcome: "new-password-required" | "reset-required",
  user: PoolUser,
  error?: string,
): void {
  const challenge: Challenge =
    outcome === "new-password-required" ? "NEW_PASSWORD_REQUIRED" : "RESET_REQUIRED";
  const { ctx, deps, interaction, csrf } = step;
  const page = {
    query: ctx.querystring,
    csrf,
    session: deps.challenges.issue(interaction.uid, challenge, user.username),
    email: user.attributes.email ?? user.username,
    error,
    base: deps.base,
  };
  ctx.status = 200;
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.body =
    challenge === "NEW_PASSWORD_REQUIRED" ? newPasswordPage(page) : resetPasswordPage(page);
}

/**
 * The answer to a password step: a new password that meets the policy ends the sign-in (new
 * password) or returns to the sign-in form (reset); a bad one shows the step again with
 * Cognito's message naming the rule.
 * @example await passwordStep(step, form.get("challenge"), form)
 */
export async function passwordStep(
  step: SignInStep,
  challenge: string,
  form: URLSearchParams,
): Promise<void> {
  const { ctx, deps, interaction } = step;
  if (challenge !== "NEW_PASSWORD_REQUIRED" && challenge !== "RESET_REQUIRED") {
    return sendErrorPage(ctx, GENERIC_ERROR, `Unknown sign-in step "${challenge}".`);
  }
  const username = deps.challenges.verify(form.get("session") ?? "", interaction.uid, challenge);
  const user = username ? deps.pool.find(username) : undefined;
  const expected = challenge === "NEW_PASSWORD_REQUIRED" ? "FORCE_CHANGE_PASSWORD" : challenge;
  if (!user || user.status !== expected) return step.showForm({ error: SESSION_EXPIRED });
  if (!user.enabled) return step.showForm({ error: SIGN_IN_MESSAGES.disabled });
  const outcome =
    challenge === "NEW_PASSWORD_REQUIRED" ? "new-password-required" : "reset-required";
  const password = form.get("newPassword") ?? "";
  if (password !== (form.get("confirmPassword") ?? "")) {
    return showPasswordStep(step, outcome, user, PASSWORDS_DIFFER);
  }
  try {
    if (challenge === "NEW_PASSWORD_REQUIRED") {
      deps.pool.completeNewPassword(user, password);
    } else {
      deps.pool.confirmReset(user, form.get("code") ?? "", password);
    }
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    return showPasswordStep(step, outcome, user, error.message);
  }
  if (challenge === "NEW_PASSWORD_REQUIRED") return step.finish(user);
  return step.showForm({ username: user.attributes.email, notice: PASSWORD_WAS_RESET });
}
