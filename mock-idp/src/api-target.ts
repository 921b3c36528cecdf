import { type Input, requiredString, validation } from "./api-input.ts";
import { CognitoError } from "./cognito-error.ts";
import type { PoolRegistry } from "./pool-registry.ts";
import type { PoolUser, UserPool } from "./user-pool.ts";

const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const POOL_ID_FORM = /^[\w-]+_[0-9a-zA-Z]+$/;
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const UNICODE_NAME =
  "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+";

// What a request of the user-pool API names (its pool, user, group), read and checked as Cognito
// does: a malformed one is InvalidParameterException, an unknown one ResourceNotFoundException or
// UserNotFoundException.

/** The request's `UserPoolId`, which must be this pool's. */
export function poolOf(input: Input, pool: UserPool): void {
  if (poolId(input) !== pool.userPoolId) throw poolNotFound(poolId(input));
}

/**
 * The pool the request's `UserPoolId` names, in the region the request was signed for (a client
 * for another region reaches another endpoint, where the pool does not exist).
 */
export function resolvePool(input: Input, registry: PoolRegistry, region: string): UserPool {
  const id = poolId(input);
  const runtime = registry.get(id);
  if (!runtime || id.split("_")[0] !== region) throw poolNotFound(id);
  return runtime.userPool;
}

function poolId(input: Input): string {
  const id = requiredString(input, "UserPoolId");
  if (!POOL_ID_FORM.test(id) || id.length > 55) {
    throw validation(
      id,
      "userPoolId",
      "Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    );
  }
  return id;
}

function poolNotFound(id: string): CognitoError {
  return new CognitoError("ResourceNotFoundException", `User pool ${id} does not exist.`);
}

/** The request's pool and its `Username` (a username or an email). */
export function userOf(input: Input, pool: UserPool): PoolUser {
  poolOf(input, pool);
  const username = requiredString(input, "Username");
  if (!USERNAME.test(username)) throw validation(username, "username", UNICODE_NAME);
  return pool.get(username);
}

/** The request's `GroupName`, in Cognito's form (1 to 128 letters, marks, symbols, digits). */
export function groupName(input: Input): string {
  const name = requiredString(input, "GroupName");
  if (!GROUP_NAME.test(name)) throw validation(name, "groupName", UNICODE_NAME);
  return name;
}
