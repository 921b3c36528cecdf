import { type Input, lowerFirst, optionalStringList, validation } from "./api-input.ts";
import { userOf } from "./api-target.ts";
import { invalidParameter } from "./cognito-error.ts";
import type { Operation } from "./operation-types.ts";
import type { UserPool } from "./user-pool.ts";

const IMMUTABLE = ["sub", "identities"];

/** The operations of Cognito's user-pool API that change a user's attributes. */
export const ATTRIBUTE_OPERATIONS: Record<string, Operation> = {
  AdminUpdateUserAttributes(input, { pool }) {
    const user = userOf(input, pool);
    if (input.UserAttributes === undefined || input.UserAttributes === null) {
      throw validation(null, "userAttributes", "Member must not be null");
    }
    pool.updateAttributes(user, attributeList(input, "UserAttributes", pool));
    return {};
  },

  AdminDeleteUserAttributes(input, { pool }) {
    const user = userOf(input, pool);
    const names = optionalStringList(input, "UserAttributeNames");
    if (!names) throw validation(null, "userAttributeNames", "Member must not be null");
    for (const name of names) checkAttributeName(name, pool);
    pool.deleteAttributes(user, names);
    return {};
  },
};

/**
 * A request's list of `{Name, Value}` attributes, checked against the pool's schema: standard
 * attributes and the pool's `custom:` ones, `sub` and `identities` immutable, the `*_verified`
 * flags `true` or `false`.
 */
export function attributeList(input: Input, field: string, pool: UserPool): Record<string, string> {
  const list = input[field] ?? [];
  if (!Array.isArray(list)) throw validation(list, lowerFirst(field), "Member must be a list");
  const attributes: Record<string, string> = {};
  for (const entry of list) {
    const { Name, Value } = (entry ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== "string" || (Value !== undefined && typeof Value !== "string")) {
      throw validation(entry, lowerFirst(field), "Member must be a list of {Name, Value} strings");
    }
    checkAttributeName(Name, pool);
    attributes[Name] = Value ?? "";
  }
  for (const flag of ["email_verified", "phone_number_verified"]) {
    const value = attributes[flag];
    if (value !== undefined && value !== "true" && value !== "false") {
      throw invalidParameter(`Invalid value for attribute ${flag}; it must be true or false.`);
    }
  }
  return attributes;
}

function checkAttributeName(name: string, pool: UserPool): void {
  if (IMMUTABLE.includes(name)) {
    throw invalidParameter(
      `Attributes did not conform to the schema: ${name}: Attribute cannot be updated. (changing an immutable attribute)`,
    );
  }
  if (!pool.knowsAttribute(name)) {
    throw invalidParameter(
      `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
    );
  }
}
