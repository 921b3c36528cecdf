/**
 * Every refusal the middleware can give, with a stable code, its HTTP status and a message a
 * person can act on. The codes are part of the public API: API callers receive them as
 * `{ "error": "<code>" }` and apps may restyle pages by code.
 */
export const ERROR_CODES = {
  unauthenticated: [401, "You are not signed in, or your session has ended."],
  not_in_group: [403, "Your account is signed in but is not allowed to open this page."],
  login_refused: [403, "Your account is not allowed to sign in to this app."],
  idp_error: [400, "The sign-in service did not sign you in."],
  state_missing: [400, "This sign-in link is incomplete."],
  state_mismatch: [400, "This sign-in link does not belong to this browser."],
  transaction_missing: [
    400,
    "This sign-in link was already used, has expired, or was opened in another browser.",
  ],
  transaction_invalid: [400, "This sign-in attempt has expired or was altered."],
  code_missing: [400, "This sign-in link has no authorization code."],
  code_rejected: [400, "The sign-in service refused this sign-in (the link may have been used)."],
  id_token_invalid: [400, "The sign-in service sent an identity that could not be verified."],
  nonce_mismatch: [400, "The identity sent back does not belong to this sign-in attempt."],
  session_too_large: [
    400,
    "Your account has too many groups to fit in a session. Ask an administrator to remove some.",
  ],
  invalid_return_path: [400, "The page to return to after sign-in is not on this site."],
  csrf_mismatch: [403, "This logout request did not come from this site. Use the Log out button."],
  bad_request: [400, "The request could not be read."],
  method_not_allowed: [405, "This address does not accept that kind of request."],
  idp_unavailable: [503, "The sign-in service is unavailable right now. Try again in a moment."],
} as const satisfies Record<string, readonly [number, string]>;

/** A stable error code, e.g. `"state_mismatch"` or `"not_in_group"`. */
export type CognitoAuthErrorCode = keyof typeof ERROR_CODES;

/**
 * The `cause` of every `HTTPException` the middleware throws.
 * @example
 * app.onError((err, c) =>
 *   err instanceof HTTPException && err.cause instanceof CognitoAuthError
 *     ? err.getResponse()
 *     : c.text("Internal error", 500),
 * );
 */
export class CognitoAuthError extends Error {
  override readonly name = "CognitoAuthError";
  readonly code: CognitoAuthErrorCode;
  readonly status: number;
  /** Extra text safe to show a person (already short; pages escape it). */
  readonly detail: string | undefined;

  constructor(code: CognitoAuthErrorCode, options: { detail?: string; cause?: unknown } = {}) {
    const [status, message] = ERROR_CODES[code];
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = status;
    this.detail = options.detail;
  }
}

/**
 * A bad option, thrown by `cognitoAuth()` (or `requireGroup()`) at creation, or when
 * `clientSettings` supplies bad settings. `option` names it as data ("userPoolId",
 * "domain.region", ...), so an app can point at its own setting instead of copying the rule.
 * @example
 * try { cognitoAuth(options) } catch (err) {
 *   if (err instanceof CognitoAuthOptionError) console.error(`${ENV_NAMES[err.option]} ${err.problem}`);
 * }
 */
export class CognitoAuthOptionError extends Error {
  override readonly name = "CognitoAuthOptionError";
  /** The option's name as written in the options object; a dot for a nested key. */
  readonly option: string;
  /** What is wrong, without the option's name: "must look like \"eu-west-1_AbC123\"". */
  readonly problem: string;

  constructor(option: string, problem: string) {
    super(`cognitoAuth: option "${option}" ${problem}`);
    this.option = option;
    this.problem = problem;
  }
}
