/**
 * What can go wrong when an admin manages users, as stable codes with a plain sentence and the
 * HTTP status a page or API answer gets. Cognito's exceptions are mapped here once, by name, so
 * that this file (on the routes' path) never loads the AWS SDK.
 */

export type UserAdminErrorCode =
  | "invalid_email"
  | "invalid_name"
  | "invalid_search"
  | "invalid_page"
  | "invalid_parameter"
  | "invalid_group"
  | "repeated_field"
  | "user_exists"
  | "user_not_found"
  | "not_invited"
  | "not_disabled"
  | "user_state"
  | "self_action"
  | "last_admin"
  | "not_admin_anymore"
  | "pool_misconfigured"
  | "not_permitted"
  | "mail_failed"
  | "throttled"
  | "unavailable";

/** Why a user-administration step was refused or failed; `message` is for the person who asked. */
export class UserAdminError extends Error {
  override name = "UserAdminError";
  readonly code: UserAdminErrorCode;
  /** 4xx when the request or the user's state is the problem, 502-504 when Cognito or AWS is. */
  readonly status: 400 | 403 | 404 | 409 | 502 | 503 | 504;
  constructor(
    code: UserAdminErrorCode,
    message: string,
    status: UserAdminError["status"],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.status = status;
  }
}

/** The step that failed, so that one Cognito exception can read right for each of them. */
export type UserAdminAction =
  | "list"
  | "get"
  | "invite"
  | "resend_invitation"
  | "make_admin"
  | "remove_admin"
  | "disable"
  | "enable"
  | "delete"
  | "reset_password"
  | "set_groups"
  | "rename"
  | "list_groups";

// Retried by the SDK's standard strategy first; these are what is left when retries ran out.
const THROTTLING = new Set([
  "TooManyRequestsException",
  "ThrottlingException",
  "LimitExceededException",
  "RequestLimitExceeded",
]);
const CREDENTIALS = new Set([
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "CredentialsProviderError",
  "InvalidClientTokenId",
]);
const MAIL = new Set([
  "CodeDeliveryFailureException",
  "InvalidSmsRoleAccessPolicyException",
  "InvalidSmsRoleTrustRelationshipException",
  "InvalidEmailRoleAccessPolicyException",
]);

/**
 * Turns whatever the SDK threw into a {@link UserAdminError}, keeping the original as `cause`.
 * Cognito's own messages are kept only where they explain a refused value to the person.
 * @example throw toUserAdminError(err, "invite") // UsernameExistsException -> 409 user_exists
 */
export function toUserAdminError(error: unknown, action: UserAdminAction): UserAdminError {
  if (error instanceof UserAdminError) return error;
  const name = (error as { name?: string } | undefined)?.name ?? "Error";
  const said = String((error as { message?: unknown } | undefined)?.message ?? "").trim();
  const cause = { cause: error };
  switch (name) {
    case "UsernameExistsException":
    case "AliasExistsException":
      return new UserAdminError(
        "user_exists",
        "Someone with this email already exists.",
        409,
        cause,
      );
    case "UserNotFoundException":
      return new UserAdminError(
        "user_not_found",
        "This user no longer exists: someone may have deleted them meanwhile.",
        404,
        cause,
      );
    case "UnsupportedUserStateException":
      return action === "resend_invitation"
        ? new UserAdminError(
            "not_invited",
            "This user has already signed in and chosen a password, so there is no invitation to resend. Reset their password instead.",
            409,
            cause,
          )
        : new UserAdminError(
            "user_state",
            "The user's current state does not allow this.",
            409,
            cause,
          );
    case "NotAuthorizedException":
      // Cognito says this when the user's state forbids the step ("User is disabled.").
      return new UserAdminError(
        "user_state",
        `Cognito refused this for the user's current state${said ? `: ${said}` : "."}`,
        409,
        cause,
      );
    case "InvalidParameterException":
    case "InvalidPasswordException":
      return new UserAdminError(
        "invalid_parameter",
        action === "list"
          ? "This search or page link is not valid any more; start again from the first page."
          : `Cognito refused a value${said ? `: ${said}` : "."}`,
        400,
        cause,
      );
    case "ResourceNotFoundException":
      if (action === "set_groups") {
        return new UserAdminError(
          "invalid_group",
          "One of these groups no longer exists: open the page again to see the pool's groups.",
          400,
          cause,
        );
      }
      return new UserAdminError(
        "pool_misconfigured",
        "The user pool or its admins group does not exist: the dashboard's settings point at the wrong pool, or the stack needs deploying again.",
        502,
        cause,
      );
  }
  if (THROTTLING.has(name)) {
    return new UserAdminError(
      "throttled",
      "Cognito is receiving too many requests right now; try again in a minute.",
      503,
      cause,
    );
  }
  if (CREDENTIALS.has(name)) {
    return new UserAdminError(
      "not_permitted",
      "The dashboard is not allowed to manage this pool's users (AWS credentials or IAM permissions); ask whoever deploys it.",
      502,
      cause,
    );
  }
  if (MAIL.has(name)) {
    return new UserAdminError(
      "mail_failed",
      "Cognito could not send the email; check the pool's email settings and try again.",
      502,
      cause,
    );
  }
  if (name === "AbortError" || name === "TimeoutError") {
    return new UserAdminError(
      "unavailable",
      "Cognito did not answer in time; try again.",
      504,
      cause,
    );
  }
  return new UserAdminError(
    "unavailable",
    "Cognito could not be reached or failed; try again in a moment.",
    503,
    cause,
  );
}
