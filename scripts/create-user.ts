/**
 * Creates a user in the stage's user pool (self sign-up is off: only admins create users).
 *
 *   npm run create-user -- [--admin] <email> "<name>"
 *
 * `--admin` also adds the user to the `admins` group (the dashboard's admin page).
 * The pool comes from `USER_POOL_ID`, else from `.sst/outputs.json` (written by the last
 * `sst deploy` or `sst dev` in this checkout: check which stage that was). Cognito emails the user
 * a temporary password and asks for a new one at the first sign-in. AWS credentials come from the
 * usual places (AWS_PROFILE, environment, SSO).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { userPoolRegion } from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A problem the person running the script can fix; printed without a stack trace. */
export class CreateUserError extends Error {
  override name = "CreateUserError";
}

/**
 * The pool to create users in: `USER_POOL_ID`, else `userPoolId` in `.sst/outputs.json`.
 * @example resolveUserPoolId({ USER_POOL_ID: "eu-west-1_AbC123" }) // "eu-west-1_AbC123"
 */
export function resolveUserPoolId(
  env: Record<string, string | undefined> = process.env,
  outputsFile: string = join(ROOT, ".sst", "outputs.json"),
): string {
  let id = env.USER_POOL_ID?.trim();
  let from = "USER_POOL_ID";
  if (!id) {
    if (!existsSync(outputsFile)) {
      throw new CreateUserError(
        `No user pool: set USER_POOL_ID, or run \`npx sst deploy --stage <stage>\` (or \`npx sst dev\`) first so that ${outputsFile} has its id.`,
      );
    }
    let outputs: { userPoolId?: unknown };
    try {
      outputs = JSON.parse(readFileSync(outputsFile, "utf8"));
    } catch {
      throw new CreateUserError(
        `${outputsFile} is not valid JSON; deploy again or set USER_POOL_ID.`,
      );
    }
    id = typeof outputs?.userPoolId === "string" ? outputs.userPoolId : undefined;
    from = outputsFile;
    if (!id) {
      throw new CreateUserError(
        `${outputsFile} has no userPoolId output; deploy this app (sst deploy) or set USER_POOL_ID.`,
      );
    }
  }
  if (userPoolRegion(id) === undefined) {
    throw new CreateUserError(`${from}: "${id}" is not a user pool id (eu-west-1_AbC123).`);
  }
  return id;
}

/**
 * Creates the user with a verified email; Cognito emails a temporary password.
 * @example await createUser({ userPoolId, email: "ada@example.com", name: "Ada Lovelace" })
 */
export async function createUser(input: {
  userPoolId: string;
  email: string;
  name: string;
  /** Also add the user to {@link ADMINS_GROUP}. */
  admin?: boolean;
  client?: CognitoIdentityProviderClient;
}): Promise<{ username: string; status: string }> {
  const email = input.email.trim();
  const name = input.name.trim();
  if (!EMAIL.test(email)) throw new CreateUserError(`"${email}" is not an email address.`);
  if (!name) throw new CreateUserError("The name is empty; the pool requires one.");
  const region = userPoolRegion(input.userPoolId) as string;
  const client = input.client ?? new CognitoIdentityProviderClient({ region });
  try {
    const result = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: input.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: name },
        ],
        DesiredDeliveryMediums: ["EMAIL"],
      }),
    );
    const username = result.User?.Username ?? email;
    if (input.admin) {
      await client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: input.userPoolId,
          Username: username,
          GroupName: ADMINS_GROUP,
        }),
      );
    }
    return { username, status: result.User?.UserStatus ?? "FORCE_CHANGE_PASSWORD" };
  } catch (error) {
    const code = (error as { name?: string }).name;
    if (code === "UsernameExistsException") {
      throw new CreateUserError(`${email} already exists in ${input.userPoolId}.`);
    }
    if (code === "ResourceNotFoundException") {
      throw new CreateUserError(
        input.admin
          ? `User pool ${input.userPoolId} or its "${ADMINS_GROUP}" group does not exist in ${region}; deploy the stack again.`
          : `User pool ${input.userPoolId} does not exist in ${region} (deleted, or another account?).`,
      );
    }
    if (code === "CredentialsProviderError") {
      throw new CreateUserError(
        "No AWS credentials found: set AWS_PROFILE or sign in (aws sso login).",
      );
    }
    throw new CreateUserError(`Cognito refused: ${code ?? "error"}: ${(error as Error).message}`);
  }
}

async function main(argv: string[]): Promise<number> {
  const admin = argv.includes("--admin");
  const [email, ...nameParts] = argv.filter((arg) => arg !== "--admin");
  if (!email || nameParts.length === 0) {
    console.error('usage: npm run create-user -- [--admin] <email> "<name>"');
    return 2;
  }
  try {
    const userPoolId = resolveUserPoolId();
    const user = await createUser({ userPoolId, email, name: nameParts.join(" "), admin });
    console.log(
      `Created ${user.username} in ${userPoolId} (${user.status})${admin ? `, in the ${ADMINS_GROUP} group` : ""}. Cognito has emailed a temporary password; the first sign-in asks for a new one.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CreateUserError) {
      console.error(`create-user: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
