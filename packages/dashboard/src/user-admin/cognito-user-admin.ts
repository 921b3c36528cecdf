/**
 * User administration on a Cognito user pool, through the AWS SDK: list and search, invite,
 * resend an invitation, add to and remove from a group, disable, enable, delete (disabled users
 * only), reset a password. Taking access away (a group, or the account) also signs the user out
 * everywhere, so their sessions end at the middleware's next re-check with Cognito.
 *
 * This is the only module of the app that loads `@aws-sdk/client-cognito-identity-provider` for
 * user administration; the routes `import()` it when an admin page runs, so an ordinary request
 * never pays for the SDK. `npm run create-user` uses it too.
 *
 * 1. One SDK client per container and settings (`userAdminFor`), with the SDK's standard retry
 *    strategy: throttling and transient 5xx are retried with backoff, 3 attempts by default.
 * 2. Every operation runs under one deadline (`deadlineMs`, 10 s), retries included.
 * 3. Every failure comes out as a {@link UserAdminError} with a plain sentence (see
 *    user-admin-error.ts); no temporary password ever passes through here (Cognito mails it).
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminResetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  type AttributeType,
  CognitoIdentityProviderClient,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { userPoolRegion } from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import { toUserAdminError, type UserAdminAction, UserAdminError } from "./user-admin-error.ts";
import { checkEmail, checkEmailPrefix, checkName, checkPageToken } from "./user-input.ts";

/** Where the pool is and how to reach it. */
export interface UserAdminSettings {
  /** "eu-west-1_AbC123"; the region is taken from it unless `region` is given. */
  userPoolId: string;
  region?: string;
  /** Another endpoint than AWS's, e.g. the mock IdP ("http://localhost:9500"). */
  endpoint?: string;
  /** Fixed credentials (the mock's); otherwise the SDK's usual chain (role, profile, env). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** One operation's deadline, retries included, in ms. Default 10 000. */
  deadlineMs?: number;
  /** Attempts per call under the SDK's standard retry strategy. Default 3. */
  maxAttempts?: number;
}

/** A user of the pool, as the pages and the JSON API show them. */
export interface PoolUser {
  /** Cognito's username: in an email-as-username pool, a UUID (the `sub`). */
  username: string;
  sub: string;
  email: string;
  name: string;
  /** Cognito's `UserStatus`: FORCE_CHANGE_PASSWORD, CONFIRMED, RESET_REQUIRED, … */
  status: string;
  enabled: boolean;
  createdAt: Date | undefined;
  /**
   * From a single-user lookup, every group; on a list page, the admins group only (one
   * ListUsersInGroup call instead of one call per user).
   */
  groups: string[];
}

/** One ListUsers page. */
export interface UserPage {
  users: PoolUser[];
  /** Pass back as `page` for the next page; absent on the last one. */
  nextPage: string | undefined;
}

/** A whole-pool listing: the users read (up to its bound), and whether that was all of them. */
export interface PoolListing {
  users: PoolUser[];
  /** False when the pool holds more users than the bound: the listing stops there. */
  complete: boolean;
}

/** A group of the pool, as ListGroups says. */
export interface GroupInfo {
  name: string;
  /** The pool's description of the group; "" when none. */
  description: string;
}

/** A member of a group, as ListUsersInGroup says. */
export interface GroupMember {
  username: string;
  enabled: boolean;
}

/** ListUsers' largest page. */
export const MAX_PAGE_SIZE = 60;
/** A whole-pool listing reads at most this many users (20 ListUsers calls). */
export const MAX_LISTED_USERS = 1_200;
/** Group columns cover at most this many groups (one ListUsersInGroup each). */
export const MAX_LISTED_GROUPS = 25;
/** Stop listing a group after this many pages: a runaway, not an admins group. */
const MAX_GROUP_PAGES = 20;

/**
 * The user-pool operations an admin needs, each one a small sequence of SDK calls.
 * @example
 * const admin = userAdminFor({ userPoolId: "eu-west-1_AbC123" });
 * await admin.invite({ email: "ada@example.com", name: "Ada Lovelace" });
 */
export class CognitoUserAdmin {
  readonly userPoolId: string;
  readonly #client: CognitoIdentityProviderClient;
  readonly #deadlineMs: number;

  constructor(settings: UserAdminSettings, client?: CognitoIdentityProviderClient) {
    const region = settings.region ?? userPoolRegion(settings.userPoolId);
    if (!region) {
      throw new UserAdminError(
        "pool_misconfigured",
        `"${settings.userPoolId}" is not a user pool id (eu-west-1_AbC123).`,
        502,
      );
    }
    this.userPoolId = settings.userPoolId;
    this.#deadlineMs = settings.deadlineMs ?? 10_000;
    this.#client =
      client ??
      new CognitoIdentityProviderClient({
        region,
        ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
        ...(settings.credentials ? { credentials: settings.credentials } : {}),
        retryMode: "standard",
        maxAttempts: settings.maxAttempts ?? 3,
        // Per attempt; the deadline above bounds the whole operation.
        requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000 },
      });
  }

  /**
   * One page of users (in Cognito's order), optionally only those whose email starts with
   * `emailPrefix`; each marked with whether it is in `group` (the admins group).
   * @example await admin.listUsers({ emailPrefix: "ada", limit: 25 }) // { users: [...], nextPage }
   */
  async listUsers(
    options: { emailPrefix?: string; page?: string; limit?: number; group?: string } = {},
  ): Promise<UserPage> {
    const prefix = checkEmailPrefix(options.emailPrefix ?? "");
    const page = checkPageToken(options.page);
    const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.limit ?? MAX_PAGE_SIZE)));
    const group = options.group ?? ADMINS_GROUP;
    return this.#run("list", async (signal) => {
      const [listed, members] = await Promise.all([
        this.#client.send(
          new ListUsersCommand({
            UserPoolId: this.userPoolId,
            Limit: limit,
            PaginationToken: page,
            ...(prefix ? { Filter: `email ^= "${prefix}"` } : {}),
          }),
          { abortSignal: signal },
        ),
        this.#groupMembers(group, signal),
      ]);
      return {
        users: (listed.Users ?? []).map((u) => {
          const user = toPoolUser(
            u.Username,
            u.Attributes,
            u.UserStatus,
            u.Enabled,
            u.UserCreateDate,
          );
          return {
            ...user,
            groups: members.some((m) => m.username === user.username) ? [group] : [],
          };
        }),
        nextPage: listed.PaginationToken || undefined,
      };
    });
  }

  /**
   * One user with every group they are in.
   * @example (await admin.getUser("5f1c…")).groups // ["admins"]
   */
  getUser(username: string): Promise<PoolUser> {
    return this.#run("get", (signal) => this.#getUser(username, signal));
  }

  /**
   * Creates the user (email as username, verified, with a name); Cognito mails them a temporary
   * password and asks for a new one at their first sign-in.
   * @example await admin.invite({ email: "ada@example.com", name: "Ada Lovelace" })
   */
  async invite(input: { email: string; name: string }): Promise<PoolUser> {
    const email = checkEmail(input.email);
    const name = checkName(input.name);
    return this.#run("invite", async (signal) => {
      const created = await this.#client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: email,
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "email_verified", Value: "true" },
            { Name: "name", Value: name },
          ],
          DesiredDeliveryMediums: ["EMAIL"],
        }),
        { abortSignal: signal },
      );
      const u = created.User;
      const user = toPoolUser(
        u?.Username,
        u?.Attributes,
        u?.UserStatus,
        u?.Enabled,
        u?.UserCreateDate,
      );
      return { ...user, email: user.email || email, name: user.name || name, groups: [] };
    });
  }

  /**
   * Mails the invitation again, with a new temporary password (invited users only).
   * @example await admin.resendInvitation("5f1c…")
   */
  resendInvitation(username: string): Promise<void> {
    return this.#run("resend_invitation", async (signal) => {
      await this.#client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          MessageAction: "RESEND",
          DesiredDeliveryMediums: ["EMAIL"],
        }),
        { abortSignal: signal },
      );
    });
  }

  /** @example await admin.addToGroup("5f1c…", "admins") */
  addToGroup(username: string, group: string = ADMINS_GROUP): Promise<void> {
    // Errors read for the step: making an admin, or editing someone's groups.
    return this.#run(group === ADMINS_GROUP ? "make_admin" : "set_groups", async (signal) => {
      await this.#client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          GroupName: group,
        }),
        { abortSignal: signal },
      );
    });
  }

  /**
   * Takes the user out of a group and signs them out everywhere (their refresh tokens stop
   * working), so no session of theirs keeps the group's rights past its next check with Cognito.
   * @example await admin.removeFromGroup("5f1c…", "admins")
   */
  removeFromGroup(username: string, group: string = ADMINS_GROUP): Promise<void> {
    return this.#run("remove_admin", async (signal) => {
      await this.#signOutEverywhere(username, signal);
      await this.#client.send(
        new AdminRemoveUserFromGroupCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          GroupName: group,
        }),
        { abortSignal: signal },
      );
    });
  }

  /**
   * Signs the user out everywhere (their refresh tokens stop working) and stops them signing in,
   * so every session of theirs ends at its next check with Cognito.
   * @example await admin.disable("5f1c…")
   */
  disable(username: string): Promise<void> {
    return this.#run("disable", async (signal) => {
      await this.#signOutEverywhere(username, signal);
      await this.#client.send(
        new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: username }),
        { abortSignal: signal },
      );
    });
  }

  /** @example await admin.enable("5f1c…") */
  enable(username: string): Promise<void> {
    return this.#run("enable", async (signal) => {
      await this.#client.send(
        new AdminEnableUserCommand({ UserPoolId: this.userPoolId, Username: username }),
        { abortSignal: signal },
      );
    });
  }

  /**
   * Deletes a user, only once disabled: a deletion cannot be undone, a disabled user can be
   * enabled again, so deleting takes two deliberate steps. No separate sign-out: the user was
   * signed out when disabled, and a deleted user's refresh tokens are refused anyway.
   * @example await admin.disable(u); await admin.deleteUser(u);
   */
  deleteUser(username: string): Promise<void> {
    return this.#run("delete", async (signal) => {
      const user = await this.#getUser(username, signal);
      if (user.enabled) {
        throw new UserAdminError(
          "not_disabled",
          "Only a disabled user can be deleted: disable them first.",
          409,
        );
      }
      await this.#client.send(
        new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: username }),
        { abortSignal: signal },
      );
    });
  }

  /**
   * Makes the user choose a new password: Cognito mails them a code and asks for it at their next
   * sign-in. Their current password stops working.
   * @example await admin.resetPassword("5f1c…")
   */
  resetPassword(username: string): Promise<void> {
    return this.#run("reset_password", async (signal) => {
      await this.#client.send(
        new AdminResetUserPasswordCommand({ UserPoolId: this.userPoolId, Username: username }),
        { abortSignal: signal },
      );
    });
  }

  /**
   * Every user of the pool, up to `maxUsers` (ListUsers pages of 60, in Cognito's order), each
   * with their groups among the pool's first {@link MAX_LISTED_GROUPS} groups. Cognito's
   * ListUsers filters on one attribute's prefix only, so searching by email or name, filtering by
   * status and sorting are done on this listing by the caller; the bound keeps one page view to at
   * most 20 ListUsers calls.
   * @example const { users, complete } = await admin.listAllUsers();
   */
  listAllUsers(options: { maxUsers?: number } = {}): Promise<PoolListing> {
    const maxUsers = Math.max(1, Math.floor(options.maxUsers ?? MAX_LISTED_USERS));
    return this.#run("list", async (signal) => {
      const groupsOf = this.#allGroups(signal).then(async (groups) => {
        const byUser = new Map<string, string[]>();
        const listed = groups.slice(0, MAX_LISTED_GROUPS).map((g) => g.name);
        const members = await Promise.all(listed.map((g) => this.#groupMembers(g, signal)));
        listed.forEach((group, i) => {
          for (const m of members[i] ?? []) {
            byUser.set(m.username, [...(byUser.get(m.username) ?? []), group]);
          }
        });
        return byUser;
      });
      const users: PoolUser[] = [];
      let next: string | undefined;
      let complete = false;
      while (users.length < maxUsers) {
        const listed = await this.#client.send(
          new ListUsersCommand({
            UserPoolId: this.userPoolId,
            Limit: Math.min(MAX_PAGE_SIZE, maxUsers - users.length),
            PaginationToken: next,
          }),
          { abortSignal: signal },
        );
        for (const u of listed.Users ?? []) {
          users.push(
            toPoolUser(u.Username, u.Attributes, u.UserStatus, u.Enabled, u.UserCreateDate),
          );
        }
        next = listed.PaginationToken || undefined;
        if (!next) {
          complete = true;
          break;
        }
      }
      const byUser = await groupsOf;
      return {
        users: users.map((u) => ({ ...u, groups: (byUser.get(u.username) ?? []).sort() })),
        complete,
      };
    });
  }

  /**
   * The pool's groups, sorted by name (ListGroups, every page).
   * @example (await admin.listGroups()).map((g) => g.name) // ["admins", "editors"]
   */
  listGroups(): Promise<GroupInfo[]> {
    return this.#run("list_groups", (signal) => this.#allGroups(signal));
  }

  /**
   * A group's members, with whether each is enabled (ListUsersInGroup, every page).
   * @example (await admin.groupMembers("admins")).filter((m) => m.enabled).length
   */
  groupMembers(group: string): Promise<GroupMember[]> {
    return this.#run("list_groups", (signal) => this.#groupMembers(group, signal));
  }

  /**
   * Changes a user's name (AdminUpdateUserAttributes on `name`).
   * @example await admin.setName("5f1c…", "Ada King")
   */
  setName(username: string, name: string): Promise<void> {
    const checked = checkName(name);
    return this.#run("rename", async (signal) => {
      await this.#client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          UserAttributes: [{ Name: "name", Value: checked }],
        }),
        { abortSignal: signal },
      );
    });
  }

  /** Closes the SDK client's connections (tests, scripts). */
  destroy(): void {
    this.#client.destroy();
  }

  /**
   * AdminUserGlobalSignOut: the user's refresh tokens (and the access tokens issued from them)
   * are revoked. It runs before the step that takes access away, so a failure leaves the user as
   * they were and the step can simply be tried again; a sign-in squeezed between the two is caught
   * by the middleware's re-check, which sees the new state.
   */
  async #signOutEverywhere(username: string, signal: AbortSignal): Promise<void> {
    try {
      await this.#client.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: username }),
        { abortSignal: signal },
      );
    } catch (error) {
      // Cognito answers a disabled user's operations with NotAuthorizedException ("User is
      // disabled."): nothing to sign out, since a disabled user's refresh tokens are refused.
      if ((error as { name?: unknown } | undefined)?.name !== "NotAuthorizedException") throw error;
    }
  }

  async #getUser(username: string, signal: AbortSignal): Promise<PoolUser> {
    const [got, groups] = await Promise.all([
      this.#client.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }),
        { abortSignal: signal },
      ),
      this.#groupsOf(username, signal),
    ]);
    const user = toPoolUser(
      got.Username,
      got.UserAttributes,
      got.UserStatus,
      got.Enabled,
      got.UserCreateDate,
    );
    return { ...user, groups };
  }

  async #groupsOf(username: string, signal: AbortSignal): Promise<string[]> {
    const pages = await allPages((next) =>
      this.#client.send(
        new AdminListGroupsForUserCommand({
          UserPoolId: this.userPoolId,
          Username: username,
          Limit: MAX_PAGE_SIZE,
          NextToken: next,
        }),
        { abortSignal: signal },
      ),
    );
    return pages.flatMap((p) => (p.Groups ?? []).flatMap((g) => g.GroupName ?? [])).sort();
  }

  async #groupMembers(group: string, signal: AbortSignal): Promise<GroupMember[]> {
    const pages = await allPages((next) =>
      this.#client.send(
        new ListUsersInGroupCommand({
          UserPoolId: this.userPoolId,
          GroupName: group,
          Limit: MAX_PAGE_SIZE,
          NextToken: next,
        }),
        { abortSignal: signal },
      ),
    );
    return pages.flatMap((p) =>
      (p.Users ?? []).flatMap((u) =>
        u.Username ? [{ username: u.Username, enabled: u.Enabled ?? true }] : [],
      ),
    );
  }

  async #allGroups(signal: AbortSignal): Promise<GroupInfo[]> {
    const pages = await allPages((next) =>
      this.#client.send(
        new ListGroupsCommand({
          UserPoolId: this.userPoolId,
          Limit: MAX_PAGE_SIZE,
          NextToken: next,
        }),
        { abortSignal: signal },
      ),
    );
    return pages
      .flatMap((p) =>
        (p.Groups ?? []).flatMap((g) =>
          g.GroupName ? [{ name: g.GroupName, description: g.Description ?? "" }] : [],
        ),
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async #run<T>(action: UserAdminAction, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(this.#deadlineMs);
    try {
      return await work(signal);
    } catch (error) {
      throw toUserAdminError(signal.aborted ? signal.reason : error, action);
    }
  }
}

/** Every page of a NextToken-paged call, up to MAX_GROUP_PAGES (past that: a runaway). */
async function allPages<P extends { NextToken?: string | undefined }>(
  fetchPage: (next: string | undefined) => Promise<P>,
): Promise<P[]> {
  const pages: P[] = [];
  let next: string | undefined;
  for (let i = 0; i < MAX_GROUP_PAGES; i++) {
    const page = await fetchPage(next);
    pages.push(page);
    next = page.NextToken || undefined;
    if (!next) break;
  }
  return pages;
}

function toPoolUser(
  username: string | undefined,
  attributes: AttributeType[] | undefined,
  status: string | undefined,
  enabled: boolean | undefined,
  created: Date | undefined,
): PoolUser {
  const attribute = (name: string) => attributes?.find((a) => a.Name === name)?.Value ?? "";
  return {
    username: username ?? "",
    sub: attribute("sub"),
    email: attribute("email"),
    name: attribute("name"),
    status: status ?? "UNKNOWN",
    enabled: enabled ?? true,
    createdAt: created,
    groups: [],
  };
}

const clients = new Map<string, CognitoUserAdmin>();

/**
 * The {@link CognitoUserAdmin} for these settings, created once per container (the SDK client
 * keeps its connections and its retry budget between requests).
 * @example const admin = userAdminFor(settings); await admin.getUser(username);
 */
export function userAdminFor(settings: UserAdminSettings): CognitoUserAdmin {
  const key = JSON.stringify([
    settings.userPoolId,
    settings.region,
    settings.endpoint,
    settings.credentials?.accessKeyId,
    settings.deadlineMs,
    settings.maxAttempts,
  ]);
  let admin = clients.get(key);
  if (!admin) {
    admin = new CognitoUserAdmin(settings);
    clients.set(key, admin);
  }
  return admin;
}
