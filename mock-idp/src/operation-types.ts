import type { Input } from "./api-input.ts";
import type { PoolRegistry } from "./pool-registry.ts";
import type { UserPool } from "./user-pool.ts";

/** What an operation on one pool may read: the pool the request names, and every pool. */
export interface OperationContext {
  pool: UserPool;
  registry: PoolRegistry;
  /** The region the request was signed for (the regional endpoint it reached). */
  region: string;
}

/** One operation: the request's JSON in, Cognito's JSON out, or a thrown CognitoError. */
export type Operation = (input: Input, context: OperationContext) => Promise<object> | object;

/** An operation that names no pool (CreateUserPool, ListUserPools). */
export type RegionOperation = (
  input: Input,
  context: Omit<OperationContext, "pool">,
) => Promise<object> | object;
