/**
 * An error of Cognito's user-pool API: its `__type` (`UserNotFoundException`, ...) and message.
 * The API answers it as `400 {"__type": type, "message": message}`, which the AWS SDK turns into
 * an exception of that name; the hosted UI shows the message.
 * @example throw new CognitoError("UserNotFoundException", "User does not exist.")
 */
export class CognitoError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(type: string, message: string, status = 400) {
    super(message);
    this.name = "CognitoError";
    this.type = type;
    this.status = status;
  }
}

/** Cognito's message for a user it does not know (also for a username in the wrong form). */
export const userNotFound = () => new CognitoError("UserNotFoundException", "User does not exist.");

/**
 * Cognito's answer to a parameter that breaks the API's constraints, in AWS's validation wording.
 * @example invalidParameter("1 validation error detected: ...")
 */
export const invalidParameter = (message: string) =>
  new CognitoError("InvalidParameterException", message);
