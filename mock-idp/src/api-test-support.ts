/**
 * Helpers shared by the tests of the user-pool API (not a test file itself): the real AWS SDK
 * client pointed at a mock, and the name and message of a call that fails.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { MOCK_IDP } from "@cognito-dashboard/local-dev";
import { expect } from "vitest";

/** The SDK's client for a mock at `url` (one attempt: a test sees the first answer). */
export function sdkFor(url: string, region = "us-east-1", maxAttempts = 1) {
  return new CognitoIdentityProviderClient({
    region,
    endpoint: url,
    credentials: MOCK_IDP.apiCredentials,
    maxAttempts,
  });
}

/** The SDK's exception name and message of a failing call (which must be a 4xx). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { name, message, $metadata } = error as Error & {
      $metadata?: { httpStatusCode?: number };
    };
    expect($metadata?.httpStatusCode, name).toBeGreaterThanOrEqual(400);
    expect($metadata?.httpStatusCode, name).toBeLessThan(500);
    return { name, message };
  }
  throw new Error("the call succeeded");
}

/** An attribute's value in a UserType. */
export const attribute = (user: UserType | undefined, name: string) =>
  user?.Attributes?.find((a) => a.Name === name)?.Value;

/** AdminCreateUser (suppressed mail) then a permanent password: a user who signs in at once. */
export async function confirmedUser(
  sdk: CognitoIdentityProviderClient,
  UserPoolId: string,
  email: string,
  password: string,
): Promise<UserType> {
  const { User } = await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId,
      Username: email,
      UserAttributes: [
        { Name: "email_verified", Value: "true" },
        { Name: "name", Value: `Name of ${email}` },
      ],
      MessageAction: "SUPPRESS",
    }),
  );
  await sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId,
      Username: email,
      Password: password,
      Permanent: true,
    }),
  );
  return User as UserType;
}
