import { CognitoError } from "./cognito-error.ts";
import type { Outbox } from "./outbox.ts";
import type { PoolUser } from "./pool-user.ts";

// The texts of Cognito's default message templates.

/**
 * AdminCreateUser's invitation: the username and the temporary password, by the chosen mediums.
 * Cognito's default medium is SMS; the mock sends nothing real, so without a choice it writes to
 * whichever the user has, email first.
 * @example sendInvitation(outbox, user, ["EMAIL"])
 */
export function sendInvitation(
  outbox: Outbox,
  user: PoolUser,
  mediums: readonly ("EMAIL" | "SMS")[] | undefined,
): void {
  const email = user.attributes.email;
  const phone = user.attributes.phone_number;
  const chosen: ("EMAIL" | "SMS")[] = mediums?.length ? [...mediums] : [email ? "EMAIL" : "SMS"];
  const unique = [...new Set(chosen)];
  if (unique.some((medium) => !(medium === "EMAIL" ? email : phone))) {
    throw new CognitoError(
      "InvalidParameterException",
      "User has no attribute matching desired delivery mediums",
    );
  }
  for (const medium of unique) {
    outbox.send({
      kind: "invitation",
      medium,
      to: (medium === "EMAIL" ? email : phone) as string,
      username: user.username,
      subject: "Your temporary password",
      body: `Your username is ${email ?? user.username} and temporary password is ${user.password}.`,
      temporaryPassword: user.password,
    });
  }
}

/**
 * AdminResetUserPassword's message: the code the hosted UI asks for with the new password.
 * @example sendResetCode(outbox, user, "123456")
 */
export function sendResetCode(outbox: Outbox, user: PoolUser, code: string): void {
  outbox.send({
    kind: "password-reset",
    medium: "EMAIL",
    to: user.attributes.email as string,
    username: user.username,
    subject: "Your verification code",
    body: `Your password reset code is ${code}.`,
    code,
  });
}
