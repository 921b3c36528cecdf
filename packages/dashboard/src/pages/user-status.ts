/**
 * Cognito's user states in words an admin reads at a glance.
 * @example statusInWords("FORCE_CHANGE_PASSWORD") // "invited, not signed in yet"
 */
export function statusInWords(status: string): string {
  switch (status) {
    case "FORCE_CHANGE_PASSWORD":
      return "invited, not signed in yet";
    case "CONFIRMED":
      return "active";
    case "RESET_REQUIRED":
      return "must choose a new password";
    case "UNCONFIRMED":
      return "signed up, email not confirmed";
    case "EXTERNAL_PROVIDER":
      return "signs in through another provider";
    case "COMPROMISED":
      return "password compromised, blocked";
    case "ARCHIVED":
      return "archived";
    default:
      return "unknown state";
  }
}
