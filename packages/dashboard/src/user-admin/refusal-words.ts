/**
 * The title a page gives each user-administration refusal; the sentence is the error's own.
 */
import type { UserAdminErrorCode } from "./user-admin-error.ts";

/**
 * A short heading for a refusal or failure.
 * @example refusalTitle("self_action") // "You cannot do this to your own account"
 */
export function refusalTitle(code: UserAdminErrorCode | "csrf_mismatch"): string {
  switch (code) {
    case "user_not_found":
      return "This user no longer exists";
    case "self_action":
      return "You cannot do this to your own account";
    case "not_admin_anymore":
      return "You are no longer an admin";
    case "csrf_mismatch":
      return "This request could not be verified";
    case "user_exists":
      return "This user already exists";
    case "last_admin":
      return "This would leave no admin";
    case "not_invited":
    case "not_disabled":
    case "user_state":
      return "This cannot be done now";
    case "invalid_email":
    case "invalid_name":
    case "invalid_search":
    case "invalid_page":
    case "invalid_parameter":
    case "invalid_group":
    case "repeated_field":
      return "Request refused";
    case "throttled":
    case "unavailable":
      return "Cognito is not answering right now";
    case "pool_misconfigured":
    case "not_permitted":
    case "mail_failed":
      return "User administration is not set up right";
  }
}
