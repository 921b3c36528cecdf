import {
  type Input,
  integer,
  optionalString,
  optionalStringList,
  page,
  requiredString,
  validation,
} from "./api-input.ts";
import { userType } from "./api-output.ts";
import { poolOf, userOf } from "./api-target.ts";
import { ATTRIBUTE_OPERATIONS, attributeList } from "./attribute-operations.ts";
import { CLIENT_OPERATIONS } from "./client-operations.ts";
import { CognitoError, invalidParameter } from "./cognito-error.ts";
import { GROUP_OPERATIONS } from "./group-operations.ts";
import type { Operation } from "./operation-types.ts";
import { POOL_OPERATIONS } from "./pool-operations.ts";
import { userFilter } from "./user-filter.ts";
import { REQUIRED_ATTRIBUTES } from "./user-pool.ts";

export type { Input } from "./api-input.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The operations of Cognito's user-pool API that the mock answers, by `X-Amz-Target` name. Each
 * takes the request's JSON and answers the JSON Cognito answers, or throws a {@link CognitoError}.
 */
export const OPERATIONS: Record<string, Operation> = {
  AdminCreateUser(input, { pool }) {
    poolOf(input, pool);
    const username = requiredString(input, "Username");
    const action = optionalString(input, "MessageAction");
    if (action !== undefined && action !== "RESEND" && action !== "SUPPRESS") {
      throw validation(
        action,
        "messageAction",
        "Member must satisfy enum value set: [RESEND, SUPPRESS]",
      );
    }
    const mediums = deliveryMediums(input);
    const temporary = optionalString(input, "TemporaryPassword");
    if (action === "RESEND") {
      const user = pool.get(username);
      pool.resendInvitation(user, mediums, temporary);
      return { User: userType(user) };
    }
    if (!EMAIL.test(username)) throw invalidParameter("Username should be an email.");
    const attributes = attributeList(input, "UserAttributes", pool);
    if (
      attributes.email !== undefined &&
      attributes.email.toLowerCase() !== username.toLowerCase()
    ) {
      throw invalidParameter("Email attribute must match the username.");
    }
    const missing = REQUIRED_ATTRIBUTES.filter((a) => a !== "email" && !attributes[a]);
    if (missing.length) {
      throw invalidParameter(
        `Attributes did not conform to the schema: ${missing.map((a) => `${a}: The attribute ${a} is required`).join(", ")}`,
      );
    }
    const user = pool.create({
      email: username,
      attributes: { ...attributes, email: username },
      temporaryPassword: temporary,
      suppress: action === "SUPPRESS",
      mediums,
    });
    return { User: userType(user) };
  },

  AdminGetUser(input, { pool }) {
    const user = userOf(input, pool);
    const { Attributes, ...rest } = userType(user);
    return { ...rest, UserAttributes: Attributes };
  },

  ListUsers(input, { pool }) {
    poolOf(input, pool);
    const limit = integer(input, "Limit", 0, 60) || 60;
    const filter = userFilter(optionalString(input, "Filter"));
    const wanted = optionalStringList(input, "AttributesToGet");
    const users = pool.users().filter(filter);
    const { items, next } = page(users, limit, optionalString(input, "PaginationToken"));
    return {
      Users: items.map((u) => userType(u, wanted)),
      ...(next ? { PaginationToken: next } : {}),
    };
  },

  async AdminDisableUser(input, { pool }) {
    await pool.setEnabled(userOf(input, pool), false);
    return {};
  },

  async AdminEnableUser(input, { pool }) {
    await pool.setEnabled(userOf(input, pool), true);
    return {};
  },

  async AdminDeleteUser(input, { pool }) {
    await pool.delete(userOf(input, pool));
    return {};
  },

  async AdminUserGlobalSignOut(input, { pool }) {
    await pool.signOutEverywhere(userOf(input, pool));
    return {};
  },

  AdminSetUserPassword(input, { pool }) {
    const user = userOf(input, pool);
    const password = requiredString(input, "Password");
    const permanent = input.Permanent ?? false;
    if (typeof permanent !== "boolean")
      throw validation(permanent, "permanent", "Member must be a boolean");
    pool.setPassword(user, password, permanent);
    return {};
  },

  AdminResetUserPassword(input, { pool }) {
    pool.resetPassword(userOf(input, pool));
    return {};
  },

  ...POOL_OPERATIONS,
  ...CLIENT_OPERATIONS,
  ...ATTRIBUTE_OPERATIONS,
  ...GROUP_OPERATIONS,
};

function deliveryMediums(input: Input): ("EMAIL" | "SMS")[] | undefined {
  const mediums = optionalStringList(input, "DesiredDeliveryMediums");
  for (const medium of mediums ?? []) {
    if (medium !== "EMAIL" && medium !== "SMS") {
      throw validation(
        medium,
        "desiredDeliveryMediums",
        "Member must satisfy enum value set: [SMS, EMAIL]",
      );
    }
  }
  return mediums as ("EMAIL" | "SMS")[] | undefined;
}
