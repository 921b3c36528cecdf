import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/** A user of the mock pool, as written in a users file. */
export interface MockUser {
  /** The username; matched case-insensitively, as in a pool whose username is the email. */
  email: string;
  /** The password; for `FORCE_CHANGE_PASSWORD`, the temporary one. */
  password: string;
  name: string;
  /** Cognito groups; `cognito:groups` is left out of tokens when this is empty. */
  groups?: string[];
  /** A stable UUID; derived from the username when absent, so it survives restarts. */
  sub?: string;
  /** Defaults to true, as for users the stack's pool creates with a verified email. */
  email_verified?: boolean;
  /** More attributes: `phone_number`, `given_name`, `custom:tenant`, … (strings). */
  attributes?: Record<string, string>;
  /**
   * `CONFIRMED` (default), or `FORCE_CHANGE_PASSWORD`: the password is a temporary one and the
   * hosted UI asks for a new one at the first sign-in, as for a user an admin just created.
   */
  status?: "CONFIRMED" | "FORCE_CHANGE_PASSWORD";
  /** Default true; a disabled user cannot sign in ("User is disabled."). */
  enabled?: boolean;
}

/**
 * A user of the mock's federated identity provider ("CorporateSSO" by default) instead of the
 * pool's own: no password; signs in through that provider's button, and lands in the pool as
 * `<Provider>_<providerUserId>`.
 */
export interface FederatedMockUser extends Omit<MockUser, "password" | "status"> {
  federated: true;
  /** The user's id at the provider; default the email. */
  providerUserId?: string;
}

/** A users-file entry after validation, with every optional field filled in. */
export interface UserSeed {
  sub: string;
  email: string;
  /** Empty for federated users. */
  password: string;
  name: string;
  groups: string[];
  emailVerified: boolean;
  attributes: Record<string, string>;
  status: "CONFIRMED" | "FORCE_CHANGE_PASSWORD";
  enabled: boolean;
  /** For federated users: the user's id at the provider. */
  federated?: { userId: string };
}

/** A users file that cannot be used; the message names the file and the problem. */
export class UsersFileError extends Error {
  readonly code = "MOCK_IDP_USERS_INVALID";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UsersFileError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ATTRIBUTE = /^([a-z_]+|custom:[A-Za-z0-9_-]+)$/;

/**
 * Reads and validates a users file.
 * @example loadUsersFile("mock-idp/users.json")[0].email // "demo@example.com"
 */
export function loadUsersFile(file: string): UserSeed[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    const reason =
      (cause as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "unreadable";
    throw new UsersFileError(`${file}: ${reason}`, { cause });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    throw new UsersFileError(`${file}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  return validateUsers(data, file);
}

/**
 * Validates users given as data; `source` names them in error messages.
 * @example validateUsers([{ email: "a@b.c", password: "x", name: "A" }])[0].groups // []
 */
export function validateUsers(data: unknown, source = "users"): UserSeed[] {
  // Entries are checked one by one below; the types above say what a valid one looks like.
  if (!Array.isArray(data)) throw new UsersFileError(`${source}: expected a JSON array of users`);
  if (data.length === 0) throw new UsersFileError(`${source}: the array of users is empty`);
  const seen = new Set<string>();
  return data.map((entry: unknown, index) => {
    const where = `${source}: user ${index + 1}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new UsersFileError(`${where} is not an object`);
    }
    const user = entry as Record<string, unknown>;
    if (user.federated !== undefined && typeof user.federated !== "boolean") {
      throw new UsersFileError(`${where}: "federated" must be true or false`);
    }
    const federated = user.federated === true;
    const required = federated ? ["email", "name"] : ["email", "password", "name"];
    for (const field of required) {
      if (typeof user[field] !== "string" || user[field] === "") {
        throw new UsersFileError(`${where}: "${field}" must be a non-empty string`);
      }
    }
    if (federated && user.password !== undefined) {
      throw new UsersFileError(
        `${where}: a federated user signs in at the provider, without a password`,
      );
    }
    const email = user.email as string;
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
      throw new UsersFileError(`${where}: "email" is not an email address`);
    }
    const userId = user.providerUserId ?? email;
    if (typeof userId !== "string" || userId === "") {
      throw new UsersFileError(`${where}: "providerUserId" must be a non-empty string`);
    }
    const key = federated ? `federated:${userId}` : email.toLowerCase();
    if (seen.has(key)) throw new UsersFileError(`${where}: "${email}" appears twice`);
    seen.add(key);
    const groups = user.groups ?? [];
    if (!Array.isArray(groups) || !groups.every((g) => typeof g === "string" && g !== "")) {
      throw new UsersFileError(`${where}: "groups" must be an array of group names`);
    }
    if (user.sub !== undefined && (typeof user.sub !== "string" || !UUID.test(user.sub))) {
      throw new UsersFileError(`${where}: "sub" must be a UUID`);
    }
    if (user.email_verified !== undefined && typeof user.email_verified !== "boolean") {
      throw new UsersFileError(`${where}: "email_verified" must be true or false`);
    }
    const attributes = user.attributes ?? {};
    if (typeof attributes !== "object" || attributes === null || Array.isArray(attributes)) {
      throw new UsersFileError(`${where}: "attributes" must be an object of strings`);
    }
    for (const [name, value] of Object.entries(attributes)) {
      if (!ATTRIBUTE.test(name) || typeof value !== "string") {
        throw new UsersFileError(
          `${where}: attribute "${name}" must be a lowercase name or custom:<name>, with a string value`,
        );
      }
    }
    const status = user.status ?? "CONFIRMED";
    if (status !== "CONFIRMED" && status !== "FORCE_CHANGE_PASSWORD") {
      throw new UsersFileError(`${where}: "status" must be "CONFIRMED" or "FORCE_CHANGE_PASSWORD"`);
    }
    if (federated && status !== "CONFIRMED") {
      throw new UsersFileError(`${where}: a federated user has no password to change`);
    }
    if (user.enabled !== undefined && typeof user.enabled !== "boolean") {
      throw new UsersFileError(`${where}: "enabled" must be true or false`);
    }
    return {
      sub: (user.sub as string | undefined) ?? uuidFrom(`user:${key}`),
      email,
      password: (user.password as string | undefined) ?? "",
      name: user.name as string,
      groups: groups as string[],
      emailVerified: (user.email_verified as boolean | undefined) ?? true,
      attributes: attributes as Record<string, string>,
      status,
      enabled: (user.enabled as boolean | undefined) ?? true,
      ...(federated ? { federated: { userId } } : {}),
    };
  });
}

/**
 * A UUID (version 4 layout) derived from a string, so that ids stay stable across restarts.
 * @example uuidFrom("user:demo@example.com").length // 36
 */
export function uuidFrom(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
