import { type Input, integer, optionalString, page, validation } from "./api-input.ts";
import { groupType, userType } from "./api-output.ts";
import { groupName, poolOf, userOf } from "./api-target.ts";
import type { Operation } from "./operation-types.ts";
import type { GroupSettings } from "./user-pool.ts";

const ROLE_ARN =
  /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/;
const MAX_PRECEDENCE = 2 ** 31 - 1;

/**
 * The group operations of Cognito's user-pool API: groups (create, read, update, delete, list)
 * and their members.
 */
export const GROUP_OPERATIONS: Record<string, Operation> = {
  CreateGroup(input, { pool }) {
    poolOf(input, pool);
    const group = pool.createGroup(groupName(input), groupSettings(input));
    return { Group: groupType(group, pool.userPoolId) };
  },

  GetGroup(input, { pool }) {
    poolOf(input, pool);
    return { Group: groupType(pool.group(groupName(input)), pool.userPoolId) };
  },

  UpdateGroup(input, { pool }) {
    poolOf(input, pool);
    const group = pool.updateGroup(groupName(input), groupSettings(input));
    return { Group: groupType(group, pool.userPoolId) };
  },

  DeleteGroup(input, { pool }) {
    poolOf(input, pool);
    pool.deleteGroup(groupName(input));
    return {};
  },

  ListGroups(input, { pool }) {
    poolOf(input, pool);
    const limit = integer(input, "Limit", 0, 60) || 60;
    const { items, next } = page(pool.groups(), limit, optionalString(input, "NextToken"));
    return {
      Groups: items.map((g) => groupType(g, pool.userPoolId)),
      ...(next ? { NextToken: next } : {}),
    };
  },

  ListUsersInGroup(input, { pool }) {
    poolOf(input, pool);
    const name = groupName(input);
    pool.group(name);
    const limit = integer(input, "Limit", 0, 60) || 60;
    const members = pool.users().filter((u) => u.groups.includes(name));
    const { items, next } = page(members, limit, optionalString(input, "NextToken"));
    return { Users: items.map((u) => userType(u)), ...(next ? { NextToken: next } : {}) };
  },

  AdminAddUserToGroup(input, { pool }) {
    const user = userOf(input, pool);
    pool.addToGroup(user, groupName(input));
    return {};
  },

  AdminRemoveUserFromGroup(input, { pool }) {
    const user = userOf(input, pool);
    pool.removeFromGroup(user, groupName(input));
    return {};
  },

  AdminListGroupsForUser(input, { pool }) {
    const user = userOf(input, pool);
    const limit = integer(input, "Limit", 0, 60) || 60;
    const groups = user.groups.map((name) => pool.group(name));
    const { items, next } = page(groups, limit, optionalString(input, "NextToken"));
    return {
      Groups: items.map((g) => groupType(g, pool.userPoolId)),
      ...(next ? { NextToken: next } : {}),
    };
  },
};

/** CreateGroup's and UpdateGroup's optional `Description`, `Precedence` and `RoleArn`. */
function groupSettings(input: Input): GroupSettings {
  const description = optionalString(input, "Description");
  if (description !== undefined && description.length > 2048) {
    throw validation(
      description,
      "description",
      "Member must have length less than or equal to 2048",
    );
  }
  const roleArn = optionalString(input, "RoleArn");
  if (roleArn !== undefined) {
    if (roleArn.length < 20 || roleArn.length > 2048) {
      throw validation(
        roleArn,
        "roleArn",
        `Member must have length ${roleArn.length < 20 ? "greater than or equal to 20" : "less than or equal to 2048"}`,
      );
    }
    if (!ROLE_ARN.test(roleArn)) {
      throw validation(
        roleArn,
        "roleArn",
        "Member must satisfy regular expression pattern: arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
      );
    }
  }
  const precedence = integer(input, "Precedence", 0, MAX_PRECEDENCE);
  return { description, roleArn, precedence };
}
