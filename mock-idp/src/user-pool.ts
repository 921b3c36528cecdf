import { createHash, timingSafeEqual } from "node:crypto";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import type { AppClient } from "./app-client.ts";
import { CognitoError, invalidParameter, userNotFound } from "./cognito-error.ts";
import type { Outbox } from "./outbox.ts";
import { confirmationCode, PASSWORD_POLICY, temporaryPassword } from "./password-policy.ts";
import { type GroupSettings, PoolGroups } from "./pool-groups.ts";
import { sendInvitation, sendResetCode } from "./pool-mail.ts";
import {
  checkPolicy,
  newFederatedUser,
  newUser,
  type PoolGroup,
  type PoolUser,
  providerGroupName,
  REQUIRED_ATTRIBUTES,
  SIGN_IN_MESSAGES,
  type SignInResult,
  STANDARD_ATTRIBUTES,
} from "./pool-user.ts";
import { type UserSeed, uuidFrom } from "./users.ts";

export type { GroupSettings } from "./pool-groups.ts";
export type {
  FederatedIdentity,
  PoolGroup,
  PoolUser,
  SignInResult,
  UserStatus,
} from "./pool-user.ts";
export {
  identitiesEntry,
  REQUIRED_ATTRIBUTES,
  SIGN_IN_MESSAGES,
  STANDARD_ATTRIBUTES,
} from "./pool-user.ts";

const DAY_MS = 24 * 3600 * 1000;
/** Reset codes are valid for one hour (Cognito's developer guide, "Forgot password"). */
const RESET_CODE_MS = 3600 * 1000;

/**
 * The mock's user pool: users, groups and their passwords, shared by the hosted UI, the tokens and
 * the user-pool API, in memory for the mock's lifetime. Mail Cognito would send goes to the outbox.
 * @example const pool = new UserPool(seeds, { userPoolId, outbox }); pool.signIn(email, password)
 */
export class UserPool {
  readonly userPoolId: string;
  /** The pool's name (`PoolName`). */
  readonly name: string;
  /** Milliseconds since the epoch. */
  readonly createdAt = Date.now();
  /** Cognito's DeletionProtection: an ACTIVE pool cannot be deleted. */
  readonly deletionProtection: "ACTIVE" | "INACTIVE";
  /** The pool's prefix domain, if it has one (`Domain` in DescribeUserPool). */
  readonly domain: string | undefined;
  readonly #clients = new Map<string, AppClient>();
  readonly #users = new Map<string, PoolUser>();
  readonly #groups = new PoolGroups();
  readonly #outbox: Outbox;
  readonly #customAttributes: Set<string>;
  /**
   * Called when a user's tokens must stop working (disabled, deleted, globally signed out);
   * `keepSession` when the hosted UI's session stays (a global sign-out).
   */
  onRevoke: (sub: string, keepSession: boolean) => Promise<void> = async () => {};

  constructor(
    seeds: readonly UserSeed[],
    options: {
      userPoolId: string;
      outbox: Outbox;
      federatedProvider?: string;
      name?: string;
      deletionProtection?: "ACTIVE" | "INACTIVE";
      domain?: string;
      /** `custom:` attributes beyond those the seeds use (CreateUserPool's `Schema`). */
      customAttributes?: readonly string[];
      /** Groups beyond `admins` (which every pool of the mock has). */
      groups?: readonly { name: string; description?: string; precedence?: number }[];
    },
  ) {
    this.userPoolId = options.userPoolId;
    this.name = options.name ?? "mock-idp";
    this.deletionProtection = options.deletionProtection ?? "INACTIVE";
    this.domain = options.domain;
    this.#outbox = options.outbox;
    this.#customAttributes = new Set([
      ...seeds.flatMap((s) => Object.keys(s.attributes)).filter((a) => a.startsWith("custom:")),
      ...(options.customAttributes ?? []),
    ]);
    const now = Date.now();
    this.#groups.create(ADMINS_GROUP, { description: "May open the dashboard's admin page" }, now);
    for (const { name, ...settings } of options.groups ?? []) {
      if (!this.#groups.has(name)) this.#groups.create(name, settings, now);
    }
    for (const seed of seeds) {
      const provider = options.federatedProvider;
      // Users of the federated provider exist only while the mock has one.
      if (seed.federated && !provider) continue;
      const user =
        seed.federated && provider
          ? this.#federatedUser(
              { providerName: provider, userId: seed.federated.userId },
              seed,
              now,
            )
          : newUser(seed, now);
      user.enabled = seed.enabled;
      if (seed.status === "FORCE_CHANGE_PASSWORD") {
        user.status = "FORCE_CHANGE_PASSWORD";
        user.temporaryPasswordExpiresAt =
          now + PASSWORD_POLICY.TemporaryPasswordValidityDays * DAY_MS;
      }
      for (const group of seed.groups) {
        if (!this.#groups.has(group)) this.#groups.create(group, {}, now);
        user.groups.push(group);
      }
      this.#users.set(user.username, user);
    }
  }

  /** Every user, in the order they were created. */
  users(): PoolUser[] {
    return [...this.#users.values()];
  }

  /** The pool's app clients, in the order they were created. */
  clients(): AppClient[] {
    return [...this.#clients.values()];
  }

  /** An app client by id, or Cognito's ResourceNotFoundException. */
  client(clientId: string): AppClient {
    const client = this.#clients.get(clientId);
    if (!client) {
      throw new CognitoError(
        "ResourceNotFoundException",
        `User pool client ${clientId} does not exist.`,
      );
    }
    return client;
  }

  /** An app client by id, if the pool has it (the hosted UI's lookups). */
  findClient(clientId: unknown): AppClient | undefined {
    return typeof clientId === "string" ? this.#clients.get(clientId) : undefined;
  }

  /** CreateUserPoolClient (and the built-in client at start). */
  addClient(client: AppClient): void {
    this.#clients.set(client.clientId, client);
  }

  /** Every group, in the order they were created. */
  groups(): PoolGroup[] {
    return this.#groups.list();
  }

  /** Names of the pool's `custom:` attributes (declared by the users file). */
  customAttributes(): string[] {
    return [...this.#customAttributes];
  }

  /**
   * A user by username or, for the pool's own users, by email (Cognito accepts the alias where it
   * takes a username). Case-insensitive, as the stack's pool is.
   */
  find(username: string): PoolUser | undefined {
    const key = username.trim().toLowerCase();
    for (const user of this.#users.values()) {
      if (user.username.toLowerCase() === key) return user;
    }
    for (const user of this.#users.values()) {
      if (!user.federated && user.attributes.email?.toLowerCase() === key) return user;
    }
    return undefined;
  }

  /** {@link find}, or Cognito's UserNotFoundException. */
  get(username: string): PoolUser {
    const user = this.find(username);
    if (!user) throw userNotFound();
    return user;
  }

  bySub(sub: string): PoolUser | undefined {
    for (const user of this.#users.values()) if (user.attributes.sub === sub) return user;
    return undefined;
  }

  /** A group by its name, or Cognito's ResourceNotFoundException. */
  group(name: string): PoolGroup {
    return this.#groups.get(name);
  }

  /** CreateGroup (GroupExistsException when the name is taken). */
  createGroup(name: string, settings: GroupSettings): PoolGroup {
    return this.#groups.create(name, settings);
  }

  /** UpdateGroup: the settings given change, the others stay. */
  updateGroup(name: string, settings: GroupSettings): PoolGroup {
    return this.#groups.update(name, settings);
  }

  /**
   * DeleteGroup: the group and every membership of it. Members' current tokens keep the group
   * until they are renewed, as with AdminRemoveUserFromGroup.
   */
  deleteGroup(name: string): void {
    this.#groups.delete(name);
    for (const user of this.#users.values()) {
      if (user.groups.includes(name)) {
        user.groups = user.groups.filter((g) => g !== name);
        this.#touch(user);
      }
    }
  }

  /**
   * AdminCreateUser: a user of the pool's own, in FORCE_CHANGE_PASSWORD with a temporary password
   * (the given one, or a generated one), invited by `mediums` unless `suppress`.
   */
  create(input: {
    email: string;
    attributes: Record<string, string>;
    temporaryPassword?: string;
    suppress: boolean;
    mediums: readonly ("EMAIL" | "SMS")[] | undefined;
  }): PoolUser {
    if (this.find(input.email)) {
      throw new CognitoError(
        "UsernameExistsException",
        "An account with the given email already exists.",
      );
    }
    const password = input.temporaryPassword ?? temporaryPassword();
    checkPolicy(password, true);
    const now = Date.now();
    const user = newUser(
      {
        sub: uuidFrom(`user:${input.email.toLowerCase()}:${now}:${Math.random()}`),
        email: input.email,
        password,
        emailVerified: input.attributes.email_verified === "true",
        attributes: input.attributes,
      },
      now,
    );
    user.status = "FORCE_CHANGE_PASSWORD";
    user.temporaryPasswordExpiresAt = now + PASSWORD_POLICY.TemporaryPasswordValidityDays * DAY_MS;
    if (!input.suppress) sendInvitation(this.#outbox, user, input.mediums);
    this.#users.set(user.username, user);
    return user;
  }

  /** AdminCreateUser with MessageAction RESEND: a new temporary password, sent again. */
  resendInvitation(
    user: PoolUser,
    mediums: readonly ("EMAIL" | "SMS")[] | undefined,
    password = temporaryPassword(),
  ): void {
    if (user.status !== "FORCE_CHANGE_PASSWORD") {
      throw new CognitoError(
        "UnsupportedUserStateException",
        `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD.`,
      );
    }
    checkPolicy(password, true);
    user.password = password;
    user.temporaryPasswordExpiresAt =
      Date.now() + PASSWORD_POLICY.TemporaryPasswordValidityDays * DAY_MS;
    this.#touch(user);
    sendInvitation(this.#outbox, user, mediums);
  }

  /** AdminDeleteUser: the user and every token of theirs are gone. */
  async delete(user: PoolUser): Promise<void> {
    this.#users.delete(user.username);
    await this.onRevoke(user.attributes.sub as string, false);
  }

  /** AdminDisableUser / AdminEnableUser. Disabling revokes the user's tokens, as Cognito does. */
  async setEnabled(user: PoolUser, enabled: boolean): Promise<void> {
    user.enabled = enabled;
    this.#touch(user);
    if (!enabled) await this.onRevoke(user.attributes.sub as string, false);
  }

  /**
   * AdminUserGlobalSignOut: every refresh token of the user stops working, and with them the
   * access tokens issued from them. The hosted UI's session stays, as AWS documents ("doesn't
   * clear the managed login session cookie"): the next authorize signs the user in silently.
   */
  async signOutEverywhere(user: PoolUser): Promise<void> {
    await this.onRevoke(user.attributes.sub as string, true);
  }

  /**
   * AdminUpdateUserAttributes, with attributes the caller has checked against the schema. A new
   * email must be free (AliasExistsException) and is unverified unless `email_verified` comes
   * with it; a required attribute cannot become empty.
   */
  updateAttributes(user: PoolUser, attributes: Record<string, string>): void {
    for (const name of REQUIRED_ATTRIBUTES) {
      if (attributes[name] === "") throw requiredAttribute(name);
    }
    const email = attributes.email;
    if (email !== undefined && email.toLowerCase() !== user.attributes.email?.toLowerCase()) {
      if (!EMAIL.test(email)) throw invalidParameter("Invalid email address format.");
      const owner = this.find(email);
      if (!user.federated && owner && owner !== user) {
        throw new CognitoError(
          "AliasExistsException",
          "An account with the given email already exists.",
        );
      }
      if (attributes.email_verified === undefined) attributes.email_verified = "false";
    }
    Object.assign(user.attributes, attributes);
    this.#touch(user);
  }

  /**
   * AdminDeleteUserAttributes: removes the named attributes; a name the user has no value for is
   * no error. Required and immutable attributes cannot be deleted.
   */
  deleteAttributes(user: PoolUser, names: readonly string[]): void {
    for (const name of names) {
      if ((REQUIRED_ATTRIBUTES as readonly string[]).includes(name)) throw requiredAttribute(name);
    }
    for (const name of names) delete user.attributes[name];
    this.#touch(user);
  }

  addToGroup(user: PoolUser, groupName: string): void {
    this.group(groupName);
    if (!user.groups.includes(groupName)) user.groups.push(groupName);
    this.#touch(user);
  }

  removeFromGroup(user: PoolUser, groupName: string): void {
    this.group(groupName);
    user.groups = user.groups.filter((g) => g !== groupName);
    this.#touch(user);
  }

  /** AdminSetUserPassword: permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD). */
  setPassword(user: PoolUser, password: string, permanent: boolean): void {
    if (user.federated) throw cannotChangePassword();
    checkPolicy(password);
    user.password = password;
    user.resetCode = undefined;
    user.status = permanent ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD";
    user.temporaryPasswordExpiresAt = permanent
      ? undefined
      : Date.now() + PASSWORD_POLICY.TemporaryPasswordValidityDays * DAY_MS;
    this.#touch(user);
  }

  /**
   * AdminResetUserPassword: the password stops working, a code goes to the verified email, and the
   * next sign-in on the hosted UI asks for the code and a new password.
   */
  resetPassword(user: PoolUser): void {
    if (user.federated || user.status === "FORCE_CHANGE_PASSWORD") {
      throw new CognitoError(
        "NotAuthorizedException",
        "User password cannot be reset in the current state.",
      );
    }
    const email = user.attributes.email;
    if (!email || user.attributes.email_verified !== "true") {
      throw new CognitoError(
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or phone_number",
      );
    }
    const code = confirmationCode();
    user.status = "RESET_REQUIRED";
    user.resetCode = { code, expiresAt: Date.now() + RESET_CODE_MS };
    this.#touch(user);
    sendResetCode(this.#outbox, user, code);
  }

  /** The hosted UI's sign-in with the email and a password. */
  signIn(email: string, password: string): SignInResult {
    const user = this.find(email);
    const refused = { outcome: "refused", message: SIGN_IN_MESSAGES.wrongCredentials } as const;
    // Compare digests, so that the time taken does not depend on the lengths.
    const given = createHash("sha256").update(password).digest();
    const expected = createHash("sha256")
      .update(user?.password ?? "")
      .digest();
    const matches = timingSafeEqual(given, expected);
    const disabled = { outcome: "refused", message: SIGN_IN_MESSAGES.disabled } as const;
    if (!user || user.federated) return refused;
    // Cognito deactivated the old password: any attempt leads to the reset step (and its code).
    if (user.status === "RESET_REQUIRED") {
      return user.enabled ? { outcome: "reset-required", user } : disabled;
    }
    if (!matches) return refused;
    if (!user.enabled) return disabled;
    if (user.status === "FORCE_CHANGE_PASSWORD") {
      if ((user.temporaryPasswordExpiresAt ?? Infinity) <= Date.now()) {
        return { outcome: "refused", message: SIGN_IN_MESSAGES.temporaryPasswordExpired };
      }
      return { outcome: "new-password-required", user };
    }
    return { outcome: "signed-in", user };
  }

  /** The hosted UI's new-password step of a FORCE_CHANGE_PASSWORD user. */
  completeNewPassword(user: PoolUser, password: string): void {
    checkPolicy(password);
    user.password = password;
    user.status = "CONFIRMED";
    user.temporaryPasswordExpiresAt = undefined;
    this.#touch(user);
  }

  /** The hosted UI's reset step of a RESET_REQUIRED user: the code from the mail, a new password. */
  confirmReset(user: PoolUser, code: string, password: string): void {
    const expected = user.resetCode;
    if (!expected || expected.code !== code.trim()) {
      throw new CognitoError(
        "CodeMismatchException",
        "Invalid verification code provided, please try again.",
      );
    }
    if (expected.expiresAt <= Date.now()) {
      throw new CognitoError(
        "ExpiredCodeException",
        "Invalid code provided, please request a code again.",
      );
    }
    checkPolicy(password);
    user.password = password;
    user.status = "CONFIRMED";
    user.resetCode = undefined;
    this.#touch(user);
  }

  /**
   * A sign-in through the federated provider: the linked user, created at the first sign-in as
   * Cognito does (username `<Provider>_<id>`, status EXTERNAL_PROVIDER, in the provider's group).
   */
  federatedSignIn(
    identity: { providerName: string; userId: string },
    profile: { email: string; name: string },
  ): SignInResult {
    const username = `${identity.providerName}_${identity.userId}`;
    let user = this.#users.get(username);
    if (!user) {
      user = this.#federatedUser(
        identity,
        { email: profile.email, name: profile.name, emailVerified: false, attributes: {} },
        Date.now(),
      );
      this.#users.set(username, user);
    }
    if (!user.enabled) return { outcome: "refused", message: SIGN_IN_MESSAGES.disabled };
    return { outcome: "signed-in", user };
  }

  /** Whether an attribute name is one this pool has (standard or declared custom). */
  knowsAttribute(name: string): boolean {
    return (
      (STANDARD_ATTRIBUTES as readonly string[]).includes(name) || this.#customAttributes.has(name)
    );
  }

  #federatedUser(
    identity: { providerName: string; userId: string },
    seed: Parameters<typeof newFederatedUser>[1],
    now: number,
  ): PoolUser {
    const group = providerGroupName(this.userPoolId, identity.providerName);
    if (!this.#groups.has(group)) {
      this.#groups.create(
        group,
        { description: `Autogenerated group for users who sign in using ${identity.providerName}` },
        now,
      );
    }
    return newFederatedUser(identity, seed, this.userPoolId, now);
  }

  #touch(user: PoolUser): void {
    user.modifiedAt = Date.now();
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requiredAttribute(name: string): CognitoError {
  return invalidParameter(
    `Attributes did not conform to the schema: ${name}: The attribute ${name} is required`,
  );
}

function cannotChangePassword(): CognitoError {
  return new CognitoError(
    "NotAuthorizedException",
    "User password cannot be reset in the current state.",
  );
}
