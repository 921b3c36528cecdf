import { integer, optionalString, page, requiredString, validation } from "./api-input.ts";
import { seconds } from "./api-output.ts";
import { poolOf } from "./api-target.ts";
import { randomId } from "./app-client.ts";
import { invalidParameter } from "./cognito-error.ts";
import type { Operation, RegionOperation } from "./operation-types.ts";
import { PASSWORD_POLICY } from "./password-policy.ts";
import { REQUIRED_ATTRIBUTES, type UserPool } from "./user-pool.ts";

const POOL_NAME = /^[\w\s+=,.@-]{1,128}$/;
const CUSTOM_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u;

/** The operations that name no pool: CreateUserPool, ListUserPools (in the request's region). */
export const REGION_OPERATIONS: Record<string, RegionOperation> = {
  async CreateUserPool(input, { registry, region }) {
    const name = requiredString(input, "PoolName");
    if (!POOL_NAME.test(name)) {
      throw validation(
        name,
        "poolName",
        "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
      );
    }
    const protection = optionalString(input, "DeletionProtection") ?? "INACTIVE";
    if (protection !== "ACTIVE" && protection !== "INACTIVE") {
      throw validation(
        protection,
        "deletionProtection",
        "Member must satisfy enum value set: [ACTIVE, INACTIVE]",
      );
    }
    const runtime = await registry.create({
      // Cognito's ids: the region, an underscore and 9 letters and digits.
      userPoolId: `${region}_${randomId(9).replace(/^./, (c) => c.toUpperCase())}`,
      name,
      users: [],
      groups: [],
      clients: [],
      customAttributes: customAttributes(input.Schema),
      deletionProtection: protection,
    });
    return { UserPool: describePool(runtime.userPool) };
  },

  ListUserPools(input, { registry, region }) {
    const limit = integer(input, "MaxResults", 1, 60);
    if (limit === undefined) throw validation(null, "maxResults", "Member must not be null");
    const pools = registry.list().filter((r) => r.userPool.userPoolId.startsWith(`${region}_`));
    const { items, next } = page(pools, limit, optionalString(input, "NextToken"));
    return {
      UserPools: items.map(({ userPool }) => ({
        Id: userPool.userPoolId,
        Name: userPool.name,
        LambdaConfig: {},
        CreationDate: seconds(userPool.createdAt),
        LastModifiedDate: seconds(userPool.createdAt),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  },
};

/** DescribeUserPool and DeleteUserPool. */
export const POOL_OPERATIONS: Record<string, Operation> = {
  DescribeUserPool(input, { pool }) {
    poolOf(input, pool);
    return { UserPool: describePool(pool) };
  },

  DeleteUserPool(input, { pool, registry }) {
    poolOf(input, pool);
    if (pool.deletionProtection === "ACTIVE") {
      throw invalidParameter(
        "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.",
      );
    }
    registry.delete(pool.userPoolId);
    return {};
  },
};

/** CreateUserPool's `Schema`: the custom attributes (standard ones are always there). */
function customAttributes(schema: unknown): string[] {
  if (schema === undefined || schema === null) return [];
  if (!Array.isArray(schema)) throw validation(schema, "schema", "Member must be a list");
  const names: string[] = [];
  for (const entry of schema) {
    const name = (entry as { Name?: unknown } | null)?.Name;
    if (typeof name !== "string" || !CUSTOM_NAME.test(name)) {
      throw validation(entry, "schema", "Member must be a list of attributes with a Name");
    }
    const standard = name.replace(/^custom:/, "");
    if ((REQUIRED_ATTRIBUTES as readonly string[]).includes(standard)) continue;
    if ((entry as { Required?: unknown }).Required === true) {
      throw invalidParameter("Required custom attributes are not supported currently.");
    }
    names.push(name.startsWith("custom:") ? name : `custom:${name}`);
  }
  return names;
}

/** Cognito's UserPoolType for a pool of the mock. */
function describePool(pool: UserPool): Record<string, unknown> {
  const region = pool.userPoolId.split("_")[0] as string;
  const created = seconds(pool.createdAt);
  return {
    Id: pool.userPoolId,
    Name: pool.name,
    Arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${pool.userPoolId}`,
    // The built-in pool's prefix domain; its hosted UI is at the mock's URL (no DNS name offline).
    ...(pool.domain ? { Domain: pool.domain } : {}),
    Policies: { PasswordPolicy: { ...PASSWORD_POLICY } },
    DeletionProtection: pool.deletionProtection,
    UsernameAttributes: ["email"],
    AutoVerifiedAttributes: ["email"],
    UsernameConfiguration: { CaseSensitive: false },
    MfaConfiguration: "OFF",
    EstimatedNumberOfUsers: pool.users().length,
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    AccountRecoverySetting: {
      RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }],
    },
    SchemaAttributes: [
      ...REQUIRED_ATTRIBUTES.map((name) => ({
        Name: name,
        AttributeDataType: "String",
        Mutable: true,
        Required: true,
        StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" },
      })),
      ...pool.customAttributes().map((name) => ({
        Name: name,
        AttributeDataType: "String",
        Mutable: true,
        Required: false,
      })),
    ],
    CreationDate: created,
    LastModifiedDate: created,
  };
}
