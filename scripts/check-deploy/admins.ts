/**
 * Whether the pool has an admin, asked with the deployer's own credentials (the SDK's default
 * chain: AWS_PROFILE, environment, SSO; and its endpoint settings, such as
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER): one `ListUsersInGroup` of the admins group.
 */
import {
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import { type CheckLine, fail, ok } from "./check-line.ts";
import type { StageOutputs } from "./stage-outputs.ts";

const CHECK = "admin";
const DEADLINE_MS = 15_000;
const REFUSED = new Set([
  "AccessDeniedException",
  "NotAuthorizedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "ExpiredToken",
]);

/** The exact command that makes the first admin of this pool. */
export function createAdminCommand(userPoolId: string): string {
  return `USER_POOL_ID=${userPoolId} npm run create-user -- --admin you@example.com "Your Name"`;
}

/**
 * At least one user in the admins group, or the command that makes one.
 * @example await adminCheck(outputs) // { check: "admin", state: "fail", fix: 'USER_POOL_ID=… npm run create-user -- --admin …' }
 */
export async function adminCheck(
  outputs: StageOutputs,
  given?: CognitoIdentityProviderClient,
): Promise<CheckLine> {
  const client =
    given ??
    new CognitoIdentityProviderClient({
      region: outputs.region,
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
    });
  try {
    const answer = await client.send(
      new ListUsersInGroupCommand({
        UserPoolId: outputs.userPoolId,
        GroupName: ADMINS_GROUP,
        Limit: 1,
      }),
      { abortSignal: AbortSignal.timeout(DEADLINE_MS) },
    );
    if ((answer.Users ?? []).length > 0) {
      return ok(CHECK, `the ${ADMINS_GROUP} group has a member`);
    }
    return fail(
      CHECK,
      `nobody is in the ${ADMINS_GROUP} group yet, so nobody can invite users (self sign-up is off)`,
      createAdminCommand(outputs.userPoolId),
    );
  } catch (err) {
    const name = (err as Error).name;
    if (name === "CredentialsProviderError") {
      return fail(
        CHECK,
        "not checked: no AWS credentials in this shell",
        `set AWS_PROFILE (or run aws sso login) for the account of stage ${outputs.stage}, then run this again`,
      );
    }
    if (REFUSED.has(name)) {
      return fail(
        CHECK,
        `not checked: your credentials may not call cognito-idp:ListUsersInGroup on the pool (${name})`,
        "use the credentials you deploy with, then run this again",
      );
    }
    if (name === "ResourceNotFoundException") {
      return fail(
        CHECK,
        `the pool has no ${ADMINS_GROUP} group, or the pool is gone`,
        `npx sst deploy --stage ${outputs.stage}`,
      );
    }
    return fail(
      CHECK,
      `not checked: ListUsersInGroup failed (${name === "AbortError" || name === "TimeoutError" ? `no answer in ${DEADLINE_MS / 1000} s` : name})`,
      "run this again; if it persists, check your network and credentials",
    );
  } finally {
    if (!given) client.destroy();
  }
}
