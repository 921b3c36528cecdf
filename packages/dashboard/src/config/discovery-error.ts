/**
 * Why the app client's settings could not be had from Cognito; `code` is stable, the message says
 * what to do and never contains a secret. Its own small file: the error page needs the class, not
 * the signer.
 */
export class CognitoDiscoveryError extends Error {
  override name = "CognitoDiscoveryError";
  readonly code:
    | "invalid_user_pool_id"
    | "no_credentials"
    | "client_not_found"
    | "client_ambiguous"
    | "no_domain"
    | "throttled"
    | "unavailable"
    | "aws_error";
  /** The AWS error name Cognito answered with (`ResourceNotFoundException`…), if any. */
  readonly awsType: string | undefined;
  constructor(
    code: CognitoDiscoveryError["code"],
    message: string,
    options: { cause?: unknown; awsType?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.awsType = options.awsType || undefined;
  }
}
