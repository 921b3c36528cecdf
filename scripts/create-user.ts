/**
 * Creates a user in the stage's user pool (self sign-up is off: only admins create users).
 *
 *   npm run create-user -- [--admin] [--mock] <email> "<name>"
 *
 * `--admin` also adds the user to the `admins` group (the dashboard's admin pages).
 * The pool comes from `USER_POOL_ID`, else from `.sst/outputs.json` (written by the last
 * `sst deploy` or `sst dev` in this checkout: check which stage that was); `--mock` creates the
 * user in the offline mock IdP instead (at `MOCK_IDP_URL`, default http://localhost:9500).
 * Cognito emails the user a temporary password and asks for a new one at the first sign-in (the
 * mock shows the mail at /outbox). AWS credentials come from the usual places (AWS_PROFILE,
 * environment, SSO). The calls are the dashboard's own user-administration operations.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { userPoolRegion } from "@cognito-dashboard/cognito-auth";
import {
  CognitoUserAdmin,
  UserAdminError,
  type UserAdminSettings,
  userAdminSettings,
} from "@cognito-dashboard/dashboard/user-admin";
import { ADMINS_GROUP, MOCK_IDP } from "@cognito-dashboard/local-dev";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = 'usage: npm run create-user -- [--admin] [--mock] <email> "<name>"';

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
        `No user pool: set USER_POOL_ID, or run \`npx sst deploy --stage <stage>\` (or \`npx sst dev\`) first so that ${outputsFile} has its id; or pass --mock for the offline mock IdP.`,
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
 * Where `--mock` sends the calls: the mock IdP's own port, as the dashboard does offline.
 * @example mockSettings({}) // { userPoolId: "us-east-1_LocalMock", endpoint: "http://localhost:9500", … }
 */
export function mockSettings(env: Record<string, string | undefined> = process.env) {
  const url = env.MOCK_IDP_URL?.trim() || `http://localhost:${MOCK_IDP.port}`;
  return userAdminSettings({ domain: url, userPoolId: MOCK_IDP.userPoolId }, env);
}

/**
 * Invites the user (verified email, name); Cognito emails a temporary password.
 * @example await createUser({ userPoolId, email: "ada@example.com", name: "Ada Lovelace" })
 */
export async function createUser(input: {
  userPoolId: string;
  email: string;
  name: string;
  /** Also add the user to {@link ADMINS_GROUP}. */
  admin?: boolean;
  /** Endpoint and credentials (the mock's); by default AWS's, in the pool's region. */
  settings?: Omit<UserAdminSettings, "userPoolId">;
  client?: CognitoIdentityProviderClient;
}): Promise<{ username: string; status: string }> {
  const operations = new CognitoUserAdmin(
    { ...input.settings, userPoolId: input.userPoolId },
    input.client,
  );
  try {
    const user = await operations.invite({ email: input.email, name: input.name });
    if (input.admin) await operations.addToGroup(user.username, ADMINS_GROUP);
    return { username: user.username, status: user.status };
  } catch (error) {
    if (!(error instanceof UserAdminError)) throw error;
    throw new CreateUserError(explain(error, input));
  } finally {
    if (!input.client) operations.destroy();
  }
}

function explain(
  error: UserAdminError,
  input: {
    userPoolId: string;
    email: string;
    admin?: boolean;
    settings?: { endpoint?: string };
  },
): string {
  const email = input.email.trim();
  const endpoint = input.settings?.endpoint;
  switch (error.code) {
    case "unavailable":
      return endpoint
        ? `Nothing answers at ${endpoint}: start the mock IdP first (npm run mock-idp).`
        : error.message;
    case "user_exists":
      return `${email} already exists in ${input.userPoolId}.`;
    case "pool_misconfigured": {
      const region = userPoolRegion(input.userPoolId);
      return input.admin
        ? `User pool ${input.userPoolId} or its "${ADMINS_GROUP}" group does not exist in ${region}; deploy the stack again.`
        : `User pool ${input.userPoolId} does not exist in ${region} (deleted, or another account?).`;
    }
    case "not_permitted":
      return "AWS refused the credentials: set AWS_PROFILE or sign in (aws sso login), with rights on this pool.";
    default:
      return error.message;
  }
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    console.error(`create-user: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [email, ...nameParts] = positionals;
  if (!email || nameParts.length === 0) {
    console.error(USAGE);
    return 2;
  }
  try {
    const settings = values.mock ? mockSettings() : undefined;
    const userPoolId = settings ? settings.userPoolId : resolveUserPoolId();
    const user = await createUser({
      userPoolId,
      email,
      name: nameParts.join(" "),
      admin: values.admin,
      ...(settings ? { settings } : {}),
    });
    const where = settings ? `the mock IdP (${settings.endpoint})` : userPoolId;
    const mail = settings
      ? `The invitation is in the mock's outbox: ${settings.endpoint}/outbox`
      : "Cognito has emailed a temporary password";
    console.log(
      `Created ${user.username} in ${where} (${user.status})${values.admin ? `, in the ${ADMINS_GROUP} group` : ""}. ${mail}; the first sign-in asks for a new one.`,
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

function parseCommandLine(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      admin: { type: "boolean", default: false },
      mock: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
