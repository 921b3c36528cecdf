import type { Input } from "./api-input.ts";
import type { ResolvedOptions } from "./options.ts";
import type { UserPool } from "./user-pool.ts";

/** What every operation of the user-pool API may read. */
export interface OperationContext {
  pool: UserPool;
  config: ResolvedOptions;
}

/** One operation: the request's JSON in, Cognito's JSON out, or a thrown CognitoError. */
export type Operation = (input: Input, context: OperationContext) => Promise<object> | object;
