import { CognitoError } from "./cognito-error.ts";
import { passwordProblem } from "./password-policy.ts";
import { type UserSeed, uuidFrom } from "./users.ts";

/** Cognito's user statuses that the mock has. */
export type UserStatus =
  | "CONFIRMED"
  | "FORCE_CHANGE_PASSWORD"
  | "RESET_REQUIRED"
  | "EXTERNAL_PROVIDER";

/** A user of the pool, as the hosted UI, the tokens and the user-pool API see it. */
export interface PoolUser {
  /** Cognito's username: the `sub` for the pool's own users, `<Provider>_<id>` when federated. */
  readonly username: string;
  /** Every attribute as a string, as the API shows them: `sub`, `email`, `email_verified`, `name`… */
  readonly attributes: Record<string, string>;
  groups: string[];
  status: UserStatus;
  enabled: boolean;
  /** The current password (the temporary one in FORCE_CHANGE_PASSWORD); empty when federated. */
  password: string;
  temporaryPasswordExpiresAt?: number;
  resetCode?: { code: string; expiresAt: number };
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  modifiedAt: number;
  readonly federated?: FederatedIdentity;
}

/** How a federated user is linked to its provider (the `identities` attribute). */
export interface FederatedIdentity {
  providerName: string;
  providerType: string;
  userId: string;
  dateCreated: number;
}

/** A group of the pool. */
export interface PoolGroup {
  name: string;
  description?: string;
  precedence?: number;
  /** The IAM role ARN of the group (kept and shown; the mock has no identity pool to use it). */
  roleArn?: string;
  createdAt: number;
  modifiedAt: number;
}

/** What a sign-in on the hosted UI leads to. */
export type SignInResult =
  | { outcome: "signed-in"; user: PoolUser }
  | { outcome: "new-password-required"; user: PoolUser }
  | { outcome: "reset-required"; user: PoolUser }
  | { outcome: "refused"; message: string };

/** Cognito's standard attributes; any other must be a `custom:` one the pool declares. */
export const STANDARD_ATTRIBUTES = [
  "address",
  "birthdate",
  "email",
  "email_verified",
  "family_name",
  "gender",
  "given_name",
  "identities",
  "locale",
  "middle_name",
  "name",
  "nickname",
  "phone_number",
  "phone_number_verified",
  "picture",
  "preferred_username",
  "profile",
  "sub",
  "updated_at",
  "website",
  "zoneinfo",
] as const;

/** The attributes the stack's pool requires (infra/user-pool.ts). */
export const REQUIRED_ATTRIBUTES = ["email", "name"] as const;

/** Cognito's hosted-UI messages. */
export const SIGN_IN_MESSAGES = {
  wrongCredentials: "Incorrect username or password.",
  disabled: "User is disabled.",
  temporaryPasswordExpired: "Temporary password has expired and must be reset by an administrator.",
} as const;

/**
 * The group Cognito puts every user of a federated provider in, created at the first federated
 * sign-in (go-to-k/cdk-real-drift#961).
 * @example providerGroupName("us-east-1_Abc", "Google") // "us-east-1_Abc_Google"
 */
export function providerGroupName(userPoolId: string, providerName: string): string {
  return `${userPoolId}_${providerName}`;
}

/**
 * A user of the pool's own (username = sub), CONFIRMED until told otherwise.
 * @example newUser({ sub, email, password, emailVerified: true, attributes: {} }, Date.now())
 */
export function newUser(
  seed: Pick<UserSeed, "sub" | "email" | "password" | "emailVerified" | "attributes"> & {
    name?: string;
  },
  now: number,
): PoolUser {
  return {
    username: seed.sub,
    attributes: {
      ...seed.attributes,
      sub: seed.sub,
      email: seed.email,
      email_verified: String(seed.emailVerified),
      ...(seed.name === undefined ? {} : { name: seed.name }),
    },
    groups: [],
    status: "CONFIRMED",
    enabled: true,
    password: seed.password,
    createdAt: now,
    modifiedAt: now,
  };
}

/**
 * A user linked to a federated provider, as Cognito creates it at the first sign-in: username
 * `<Provider>_<id>`, status EXTERNAL_PROVIDER, the `identities` attribute, and membership of the
 * provider's group (which the caller creates).
 * @example newFederatedUser({ providerName: "CorporateSSO", userId: "sam" }, seed, poolId, Date.now())
 */
export function newFederatedUser(
  identity: { providerName: string; userId: string },
  seed: Pick<UserSeed, "email" | "name" | "emailVerified" | "attributes"> & { sub?: string },
  userPoolId: string,
  now: number,
): PoolUser {
  const username = `${identity.providerName}_${identity.userId}`;
  const federated: FederatedIdentity = {
    providerName: identity.providerName,
    providerType: "OIDC",
    userId: identity.userId,
    dateCreated: now,
  };
  return {
    username,
    attributes: {
      ...seed.attributes,
      sub: seed.sub ?? uuidFrom(`user:${username}`),
      email: seed.email,
      email_verified: String(seed.emailVerified),
      name: seed.name,
      identities: JSON.stringify([identitiesEntry(federated)]),
    },
    groups: [providerGroupName(userPoolId, identity.providerName)],
    status: "EXTERNAL_PROVIDER",
    enabled: true,
    password: "",
    createdAt: now,
    modifiedAt: now,
    federated,
  };
}

/**
 * The `identities` entry of a federated user, as Cognito writes it in the attribute and the ID
 * token (strings for `primary` and `dateCreated`, `issuer` null for OIDC providers).
 */
export function identitiesEntry(identity: FederatedIdentity): Record<string, unknown> {
  return {
    userId: identity.userId,
    providerName: identity.providerName,
    providerType: identity.providerType,
    issuer: null,
    primary: "true",
    dateCreated: String(identity.dateCreated),
  };
}

/**
 * Throws Cognito's InvalidPasswordException naming the first rule the password breaks. Cognito
 * words it differently by operation: AdminCreateUser's temporary password "did
 * not conform with password policy" (data-dot-all/dataall#690), the others "does not conform to
 * policy".
 */
export function checkPolicy(password: string, temporary = false): void {
  const problem = passwordProblem(password);
  if (problem) {
    throw new CognitoError(
      "InvalidPasswordException",
      temporary
        ? `Password did not conform with password policy: ${problem}`
        : `Password does not conform to policy: ${problem}`,
    );
  }
}
