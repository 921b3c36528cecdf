/**
 * Cognito's control-plane API (AWS JSON 1.1) for the few read-only calls the dashboard makes at
 * run time, signed with aws4fetch (SigV4, the same signature as the SDK's @smithy/signature-v4;
 * no dependencies): the AWS SDK's Cognito client is about 390 KB of bundle for three calls, and
 * it stays for the scripts a person runs (create-user, user administration).
 *
 * Each call has a deadline over the whole exchange, retries included. Throttling, 5xx answers,
 * network errors and timed-out attempts are retried with exponential backoff and full jitter
 * (capped); any other error is final at once.
 */
import { CognitoAuthError, callIdp, type IdpAnswer } from "@cognito-dashboard/cognito-auth";
import { AwsClient } from "aws4fetch";
import { CognitoDiscoveryError } from "./discovery-error.ts";

/** One signed call: the operation's name and its JSON input; resolves to its JSON output. */
export type CognitoApi = <T>(operation: string, input: Record<string, unknown>) => Promise<T>;

export interface CognitoApiOptions {
  region: string;
  /** Default `https://cognito-idp.<region>.amazonaws.com`, or the SDK's standard override
   * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` when set (tests, the bench's fake). */
  endpoint?: string;
  /** Default: the Lambda runtime's `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`. */
  env?: Record<string, string | undefined>;
  /** Attempts per call, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff ceiling in ms, doubled each retry, capped at 2 s. Default 100. */
  baseDelayMs?: number;
  /** One attempt's time limit. Default 3 s. */
  attemptTimeoutMs?: number;
  /** The whole call's time limit, retries and waits included. Default 8 s. */
  deadlineMs?: number;
  /** Injectable for tests, so that they need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const THROTTLING = new Set([
  "TooManyRequestsException",
  "ThrottlingException",
  "LimitExceededException",
  "RequestLimitExceeded",
]);
const MAX_DELAY_MS = 2_000;

/**
 * A signer-backed caller for one region's Cognito API.
 * @example const api = cognitoApi({ region: "eu-west-1" }); await api("DescribeUserPool", { UserPoolId })
 */
export function cognitoApi(options: CognitoApiOptions): CognitoApi {
  const env = options.env ?? process.env;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new CognitoDiscoveryError(
      "no_credentials",
      "No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): the function's role provides them on Lambda",
    );
  }
  const signer = new AwsClient({
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    service: "cognito-idp",
    region: options.region,
    retries: 0,
  });
  const endpoint =
    options.endpoint ??
    env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER ??
    `https://cognito-idp.${options.region}.amazonaws.com`;
  const maxAttempts = options.maxAttempts ?? 4;
  const base = options.baseDelayMs ?? 100;
  const attemptTimeout = options.attemptTimeoutMs ?? 3_000;
  const deadlineMs = options.deadlineMs ?? 8_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise((ok) => setTimeout(ok, ms)));

  return async function cognitoCall<T>(operation: string, input: Record<string, unknown>) {
    const deadline = Date.now() + deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const left = deadline - Date.now();
      const outcome = await attemptOnce(operation, input, Math.min(attemptTimeout, left));
      if (outcome.ok) return outcome.value as T;
      const finalAttempt = attempt >= maxAttempts;
      if (!outcome.retry || finalAttempt) throw outcome.error();
      const ceiling = Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1));
      const wait = Math.ceil(ceiling / 2 + Math.random() * (ceiling / 2));
      if (Date.now() + wait >= deadline) throw outcome.error();
      await sleep(wait);
    }
  };

  async function attemptOnce(
    operation: string,
    input: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<
    { ok: true; value: unknown } | { ok: false; retry: boolean; error: () => CognitoDiscoveryError }
  > {
    let answer: IdpAnswer;
    try {
      const body = JSON.stringify(input);
      const signed = await signer.sign(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `${TARGET_PREFIX}${operation}`,
        },
        body,
      });
      // One deadline over the whole exchange, body included (a trickling answer cannot hold the
      // request), and a size cap: the middleware's own way of calling out.
      answer = await callIdp(
        `Cognito ${operation}`,
        signed.url,
        { method: "POST", headers: Object.fromEntries(signed.headers), body },
        Math.max(1, timeoutMs),
      );
    } catch (cause) {
      // No complete answer (refused, reset, timed out, too large): worth another try while time
      // is left.
      const kind = cause instanceof CognitoAuthError ? "no complete answer" : (cause as Error).name;
      return {
        ok: false,
        retry: true,
        error: () =>
          new CognitoDiscoveryError("unavailable", `Cognito ${operation}: no answer (${kind})`, {
            cause: new Error(kind || "error"),
          }),
      };
    }
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.json === undefined) {
        return final("aws_error", `Cognito ${operation}: the answer is not JSON`);
      }
      return { ok: true, value: answer.json };
    }
    const type = errorType(answer.headers, answer.json);
    const message = errorMessage(answer.json);
    if (THROTTLING.has(type)) {
      return {
        ok: false,
        retry: true,
        error: () =>
          new CognitoDiscoveryError(
            "throttled",
            `Cognito ${operation} was still throttled (${type}) when retries ran out; try again shortly`,
            { awsType: type },
          ),
      };
    }
    if (answer.status >= 500) {
      return {
        ok: false,
        retry: true,
        error: () =>
          new CognitoDiscoveryError(
            "unavailable",
            `Cognito ${operation} failed with HTTP ${answer.status} (${type || "no error type"}) until retries ran out`,
            { awsType: type },
          ),
      };
    }
    return final(
      "aws_error",
      `Cognito ${operation} failed: ${type || `HTTP ${answer.status}`}${message ? `: ${message}` : ""}`,
      type,
    );
  }
}

function final(code: CognitoDiscoveryError["code"], message: string, awsType = "") {
  return {
    ok: false as const,
    retry: false,
    error: () => new CognitoDiscoveryError(code, message, { awsType }),
  };
}

/** `com.amazonaws.x#ResourceNotFoundException` or `ResourceNotFoundException:http://…` -> the name. */
function errorType(headers: Headers, json: unknown): string {
  let raw = headers.get("x-amzn-errortype") ?? "";
  // Not JSON: the header, if any, says it.
  const body = (typeof json === "object" && json !== null ? json : {}) as {
    __type?: unknown;
    code?: unknown;
  };
  if (typeof body.__type === "string") raw = body.__type;
  else if (!raw && typeof body.code === "string") raw = body.code;
  return (raw.split(":")[0] ?? "").split("#").pop() ?? "";
}

function errorMessage(json: unknown): string {
  const body = (typeof json === "object" && json !== null ? json : {}) as {
    message?: unknown;
    Message?: unknown;
  };
  const message = body.message ?? body.Message;
  return typeof message === "string" ? message.slice(0, 200) : "";
}
