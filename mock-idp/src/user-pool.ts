import { createHash, timingSafeEqual } from "node:crypto";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import { CognitoError, userNotFound } from "./cognito-error.ts";
import type { Outbox } from "./outbox.ts";
import {
  confirmationCode,
  PASSWORD_POLICY,
  passwordProblem,
  temporaryPassword,
} from "./password-policy.ts";
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
  readonly #users = new Map<string, PoolUser>();
  readonly #groups = new Map<string, PoolGroup>();
  readonly #outbox: Outbox;
  readonly #customAttributes: Set<string>;
  /** Called when a user's tokens must stop working (disabled, deleted, globally signed out). */
  onRevoke: (sub: string) => Promise<void> = async () => {};

  constructor(
    seeds: readonly UserSeed[],
    options: { userPoolId: string; outbox: Outbox; federatedProvider?: string },
  ) {
    this.userPoolId = options.userPoolId;
    this.#outbox = options.outbox;
    this.#customAttributes = new Set(
      seeds.flatMap((s) => Object.keys(s.attributes)).filter((a) => a.startsWith("custom:")),
    );
    const now = Date.now();
    this.#addGroup(ADMINS_GROUP, "May open the dashboard's admin page", now);
    for (const seed of seeds) {
      const provider = options.federatedProvider;
      // Users of the federated provider exist only while the mock has one.
      if (seed.federated && !provider) continue;
      const user =
        seed.federated && provider
          ? this.#newFederatedUser(
              { providerName: provider, userId: seed.federated.userId },
              seed,
              now,
            )
          : this.#newUser(seed, now);
      user.enabled = seed.enabled;
      if (seed.status === "FORCE_CHANGE_PASSWORD") {
        user.status = "FORCE_CHANGE_PASSWORD";
        user.temporaryPasswordExpiresAt =
          now + PASSWORD_POLICY.TemporaryPasswordValidityDays * DAY_MS;
      }
      for (const group of seed.groups) {
        if (!this.#groups.has(group)) this.#addGroup(group, undefined, now);
        user.groups.push(group);
      }
      this.#users.set(user.username, user);
    }
  }

  /** Every user, in the order they were created. */
  users(): PoolUser[] {
    return [...this.#users.values()];
  }

  /** Every group, in the order they were created. */
  groups(): PoolGroup[] {
    return [...this.#groups.values()];
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

  group(name: string): PoolGroup {
    const group = this.#groups.get(name);
    if (!group) throw new CognitoError("ResourceNotFoundException", "Group not found.");
    return group;
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
    checkPolicy(password);
    const now = Date.now();
    const user = this.#newUser(
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
    if (!input.suppress) this.#invite(user, input.mediums);
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
    checkPolicy(password);
    user.password = password;
    user.temporaryPasswordExpiresAt =
      Date.now() + PASSWORD_POLICY.TemporaryPasswordValidityDays * DAY_MS;
    this.#touch(user);
    this.#invite(user, mediums);
  }

  /** AdminDeleteUser: the user and every token of theirs are gone. */
  async delete(user: PoolUser): Promise<void> {
    this.#users.delete(user.username);
    await this.onRevoke(user.attributes.sub as string);
  }

  /** AdminDisableUser / AdminEnableUser. Disabling revokes the user's tokens, as Cognito does. */
  async setEnabled(user: PoolUser, enabled: boolean): Promise<void> {
    user.enabled = enabled;
    this.#touch(user);
    if (!enabled) await this.onRevoke(user.attributes.sub as string);
  }

  /** AdminUserGlobalSignOut: every refresh token of the user stops working. */
  async signOutEverywhere(user: PoolUser): Promise<void> {
    await this.onRevoke(user.attributes.sub as string);
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
    this.#outbox.send({
      kind: "password-reset",
      medium: "EMAIL",
      to: email,
      username: user.username,
      subject: "Your verification code",
      body: `Your password reset code is ${code}.`,
      code,
    });
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
      user = this.#newFederatedUser(
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

  #newUser(
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

  #newFederatedUser(
    identity: { providerName: string; userId: string },
    seed: Pick<UserSeed, "email" | "name" | "emailVerified" | "attributes"> & { sub?: string },
    now: number,
  ): PoolUser {
    const username = `${identity.providerName}_${identity.userId}`;
    const federated: FederatedIdentity = {
      providerName: identity.providerName,
      providerType: "OIDC",
      userId: identity.userId,
      dateCreated: now,
    };
    // Cognito puts every federated user in a group named after the pool and the provider.
    const providerGroup = `${this.userPoolId}_${identity.providerName}`;
    if (!this.#groups.has(providerGroup))
      this.#addGroup(
        providerGroup,
        `Autogenerated group for users who sign in using ${identity.providerName}`,
        now,
      );
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
      groups: [providerGroup],
      status: "EXTERNAL_PROVIDER",
      enabled: true,
      password: "",
      createdAt: now,
      modifiedAt: now,
      federated,
    };
  }

  #invite(user: PoolUser, mediums: readonly ("EMAIL" | "SMS")[] | undefined): void {
    const email = user.attributes.email;
    const phone = user.attributes.phone_number;
    // Cognito's default medium is SMS; the mock has no SMS, so without a choice it writes to
    // whichever the user has, email first.
    const chosen: ("EMAIL" | "SMS")[] = mediums?.length ? [...mediums] : [email ? "EMAIL" : "SMS"];
    for (const medium of new Set(chosen)) {
      const to = medium === "EMAIL" ? email : phone;
      if (!to) {
        throw new CognitoError(
          "InvalidParameterException",
          "User has no attribute matching desired delivery mediums",
        );
      }
      this.#outbox.send({
        kind: "invitation",
        medium,
        to,
        username: user.username,
        subject: "Your temporary password",
        body: `Your username is ${email ?? user.username} and temporary password is ${user.password}.`,
        temporaryPassword: user.password,
      });
    }
  }

  #touch(user: PoolUser): void {
    user.modifiedAt = Date.now();
  }

  #addGroup(name: string, description: string | undefined, now: number): void {
    this.#groups.set(name, { name, description, createdAt: now, modifiedAt: now });
  }
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

function checkPolicy(password: string): void {
  const problem = passwordProblem(password);
  if (problem) {
    throw new CognitoError(
      "InvalidPasswordException",
      `Password does not conform to policy: ${problem}`,
    );
  }
}

function cannotChangePassword(): CognitoError {
  return new CognitoError(
    "NotAuthorizedException",
    "User password cannot be reset in the current state.",
  );
}
