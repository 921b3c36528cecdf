import { randomUUID } from "node:crypto";
import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import { resolvePool } from "./api-target.ts";
import { CognitoError } from "./cognito-error.ts";
import { REGION_OPERATIONS } from "./pool-operations.ts";
import type { PoolRegistry } from "./pool-registry.ts";
import { type Input, OPERATIONS } from "./user-pool-operations.ts";

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const CONTENT_TYPE = "application/x-amz-json-1.1";
const LIMIT = 64 * 1024;
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s,]+\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/;

/** A way to make the API fail on purpose, for tests of a caller's retries. */
export interface ApiFaults {
  /** The next `count` calls of `operation` answer `TooManyRequestsException`. */
  throttle(operation: string, count?: number): void;
}

/**
 * Cognito's user-pool API on the mock's port: `POST /` with `X-Amz-Target:
 * AWSCognitoIdentityProviderService.<Operation>` and an AWS JSON 1.1 body, so that the real
 * `@aws-sdk/client-cognito-identity-provider` works against `endpoint: <mock url>`. A request
 * must carry a SigV4 `Authorization` header for the pool's region, as AWS requires; the signature
 * itself is not verified (any credentials work). Errors are `400 {"__type", "message"}`.
 * One endpoint serves every pool of the mock, as AWS's regional endpoint does: the request's
 * `UserPoolId` (and the region it was signed for) picks the pool.
 * @example provider.use(userPoolApi(registry).route) // new CognitoIdentityProviderClient({ endpoint: idp.url, ... })
 */
export function userPoolApi(registry: PoolRegistry): { route: KoaMiddleware; faults: ApiFaults } {
  const throttled = new Map<string, number>();

  async function userPoolApiRoute(ctx: KoaContext, next: KoaNext): Promise<void> {
    if (ctx.path !== "/" || ctx.method !== "POST") return next();
    ctx.set("x-amzn-requestid", randomUUID());
    try {
      // AWS refuses an unsigned request before it looks at what it asks for.
      const signedFor = checkSignature(ctx);
      const operation = target(ctx);
      const input = await readJson(ctx);
      // A client for another region reaches another endpoint, where this pool does not exist.
      const pool = Object.hasOwn(REGION_OPERATIONS, operation)
        ? undefined
        : resolvePool(input, registry, signedFor);
      const remaining = throttled.get(operation) ?? 0;
      if (remaining > 0) {
        throttled.set(operation, remaining - 1);
        throw new CognitoError("TooManyRequestsException", "Too many requests");
      }
      const context = { registry, region: signedFor };
      const output = pool
        ? await (OPERATIONS[operation] as NonNullable<(typeof OPERATIONS)[string]>)(input, {
            ...context,
            pool,
          })
        : await (REGION_OPERATIONS[operation] as NonNullable<(typeof REGION_OPERATIONS)[string]>)(
            input,
            context,
          );
      ctx.status = 200;
      ctx.type = CONTENT_TYPE;
      ctx.body = JSON.stringify(output);
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      ctx.status = error.status;
      ctx.type = CONTENT_TYPE;
      ctx.set("x-amzn-errortype", `${error.type}:`);
      ctx.body = JSON.stringify({ __type: error.type, message: error.message });
    }
  }

  return {
    route: userPoolApiRoute,
    faults: {
      throttle(operation, count = 1) {
        throttled.set(operation, (throttled.get(operation) ?? 0) + count);
      },
    },
  };
}

function target(ctx: KoaContext): string {
  const header = ctx.get("x-amz-target");
  const operation = header.startsWith(TARGET_PREFIX) ? header.slice(TARGET_PREFIX.length) : "";
  if (!Object.hasOwn(OPERATIONS, operation) && !Object.hasOwn(REGION_OPERATIONS, operation)) {
    throw new CognitoError(
      "UnknownOperationException",
      header ? `The mock does not implement ${header}.` : "Missing X-Amz-Target header.",
    );
  }
  return operation;
}

/**
 * AWS refuses unsigned requests before anything else; the mock checks the header's form only.
 * Returns the region the request was signed for.
 */
function checkSignature(ctx: KoaContext): string {
  const authorization = ctx.get("authorization");
  if (!authorization) {
    throw new CognitoError("MissingAuthenticationTokenException", "Missing Authentication Token");
  }
  const match = SIGV4.exec(authorization);
  if (!match || !(ctx.get("x-amz-date") || ctx.get("date"))) {
    throw new CognitoError(
      "IncompleteSignatureException",
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters, and an X-Amz-Date header (AWS Signature Version 4).",
    );
  }
  if (match[2] !== "cognito-idp") {
    throw new CognitoError(
      "InvalidSignatureException",
      "Credential should be scoped to correct service: 'cognito-idp'.",
    );
  }
  return match[1] as string;
}

async function readJson(ctx: KoaContext): Promise<Input> {
  const type = ctx.get("content-type").split(";")[0]?.trim().toLowerCase();
  if (type !== CONTENT_TYPE && type !== "application/json") {
    throw new CognitoError("SerializationException", `Expected a ${CONTENT_TYPE} body.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > LIMIT) throw new CognitoError("SerializationException", "Request too large.", 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8") || "{}";
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new CognitoError("SerializationException", "The request body is not valid JSON.");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new CognitoError("SerializationException", "The request body must be a JSON object.");
  }
  return input as Input;
}
