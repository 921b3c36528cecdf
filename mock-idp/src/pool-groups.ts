import { CognitoError } from "./cognito-error.ts";
import type { PoolGroup } from "./pool-user.ts";

/** What CreateGroup and UpdateGroup may set on a group. */
export interface GroupSettings {
  description?: string;
  precedence?: number;
  roleArn?: string;
}

/** Cognito's answer for a group name the pool does not have. */
export const groupNotFound = () =>
  new CognitoError("ResourceNotFoundException", "Group not found.");

/**
 * The groups of one pool, in the order they were created (as ListGroups lists them). Membership
 * lives on the users; {@link UserPool} removes it when a group is deleted.
 * @example const groups = new PoolGroups(); groups.create("admins", {}); groups.get("admins")
 */
export class PoolGroups {
  readonly #groups = new Map<string, PoolGroup>();

  list(): PoolGroup[] {
    return [...this.#groups.values()];
  }

  has(name: string): boolean {
    return this.#groups.has(name);
  }

  /** The group, or Cognito's ResourceNotFoundException. Names are case-sensitive, as in Cognito. */
  get(name: string): PoolGroup {
    const group = this.#groups.get(name);
    if (!group) throw groupNotFound();
    return group;
  }

  /** CreateGroup: GroupExistsException when the name is taken. */
  create(name: string, settings: GroupSettings, now = Date.now()): PoolGroup {
    if (this.#groups.has(name)) {
      throw new CognitoError(
        "GroupExistsException",
        `A group with the name ${name} already exists.`,
      );
    }
    const group: PoolGroup = { name, ...defined(settings), createdAt: now, modifiedAt: now };
    this.#groups.set(name, group);
    return group;
  }

  /** UpdateGroup: only the settings given change (Cognito keeps the others). */
  update(name: string, settings: GroupSettings): PoolGroup {
    const group = this.get(name);
    Object.assign(group, defined(settings), { modifiedAt: Date.now() });
    return group;
  }

  /** DeleteGroup (the caller removes the members). */
  delete(name: string): void {
    this.get(name);
    this.#groups.delete(name);
  }
}

function defined(settings: GroupSettings): GroupSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
