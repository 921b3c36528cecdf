/**
 * Finds the dashboard's app client in its user pool at cold start.
 *
 * Why: the client's callback URL is the function's own URL, so the client can only be created
 * after the function, and its id and secret cannot be given to the function at deploy time. The
 * function knows the pool (linked) and the client's NAME (a plain environment variable), and asks
 * Cognito for the rest, once per container:
 * 1. `ListUserPoolClients` (all pages) -> the one client with that name -> its id;
 * 2. `DescribeUserPoolClient` -> its secret; `DescribeUserPool` -> its hosted-UI domain
 *    (the custom domain if it has one, else the prefix domain), both at once;
 * 3. the result is kept for the life of the container; a failure is not kept, so the next
 *    request tries again.
 * Throttled calls are retried with exponential backoff and jitter. The client secret is returned
 * to the caller and never written to a log or an error message.
 */
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
} from "@aws-sdk/client-cognito-identity-provider";

/** What the dashboard needs from Cognito to run the login. */
export interface DiscoveredCognito {
  userPoolId: string;
  region: string;
  clientId: string;
  /** `null` for a public client (ours always has a secret). */
  clientSecret: string | null;
  /** A full URL for a custom domain, or the prefix and region of a Cognito prefix domain. */
  domain: string | { prefix: string; region: string };
  callbackUrls: string[];
  logoutUrls: string[];
}

export interface DiscoveryOptions {
  /** "eu-west-1_AbC123"; the region is taken from it. */
  userPoolId: string;
  /** The app client's name, as given to Cognito. */
  clientName: string;
  /** Defaults to a client for the pool's region (endpoint overridable with
   * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`). */
  client?: CognitoIdentityProviderClient;
  /** Attempts per call when throttled, the first included. Default 5. */
  maxAttempts?: number;
  /** First backoff ceiling in ms, doubled each retry, capped at 5 s; each wait is between half
   * the ceiling and the ceiling (jitter, so throttled containers do not retry in step). Default 200. */
  baseDelayMs?: number;
  /** Injectable for tests, so that they need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** Why discovery failed; `code` is stable, the message says what to do. */
export class CognitoDiscoveryError extends Error {
  override name = "CognitoDiscoveryError";
  readonly code:
    | "invalid_user_pool_id"
    | "client_not_found"
    | "client_ambiguous"
    | "no_domain"
    | "throttled"
    | "aws_error";
  constructor(code: CognitoDiscoveryError["code"], message: string, options?: { cause: unknown }) {
    super(message, options);
    this.code = code;
  }
}

const USER_POOL_ID = /^([a-z]{2}(?:-gov)?-[a-z]+-\d)_[a-zA-Z0-9]+$/;
const THROTTLING = new Set([
  "TooManyRequestsException",
  "ThrottlingException",
  "LimitExceededException",
  "RequestLimitExceeded",
]);
const MAX_DELAY_MS = 5_000;

let cached: { key: string; promise: Promise<DiscoveredCognito> } | undefined;

/**
 * {@link discoverCognito}, once per container: later calls share the first call's promise; a
 * failed discovery is forgotten so that the next call tries again.
 * @example const found = await discoverCognitoCached({ userPoolId, clientName: "dashboard" });
 */
export function discoverCognitoCached(options: DiscoveryOptions): Promise<DiscoveredCognito> {
  const key = `${options.userPoolId}\n${options.clientName}`;
  if (cached?.key === key) return cached.promise;
  const promise = discoverCognito(options);
  const entry = { key, promise };
  cached = entry;
  promise.catch(() => {
    if (cached === entry) cached = undefined;
  });
  return promise;
}

/** Forgets the cached discovery (tests, or after the client was replaced). */
export function resetCognitoDiscovery(): void {
  cached = undefined;
}

/**
 * Looks up the app client by name and the pool's hosted-UI domain.
 * @example await discoverCognito({ userPoolId: "eu-west-1_AbC123", clientName: "dashboard" })
 * // { clientId: "…", clientSecret: "…", domain: { prefix: "dashboard-prod-1a2b3c4d", region: "eu-west-1" }, … }
 */
export async function discoverCognito(options: DiscoveryOptions): Promise<DiscoveredCognito> {
  const { userPoolId, clientName } = options;
  const region = USER_POOL_ID.exec(userPoolId)?.[1];
  if (!region) {
    throw new CognitoDiscoveryError(
      "invalid_user_pool_id",
      `"${userPoolId}" is not a user pool id (expected the form eu-west-1_AbC123)`,
    );
  }
  // One attempt per SDK call: the retries are ours, so that throttling is retried the same way
  // whatever client is given, and not 3 x 5 times.
  const client = options.client ?? new CognitoIdentityProviderClient({ region, maxAttempts: 1 });
  const call = <T>(what: string, send: () => Promise<T>) => withBackoff(what, send, options);

  const clientId = await findClientId(client, userPoolId, clientName, call);
  const [described, pool] = await Promise.all([
    call("DescribeUserPoolClient", () =>
      client.send(
        new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
      ),
    ),
    call("DescribeUserPool", () =>
      client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
    ),
  ]);

  const customDomain = pool.UserPool?.CustomDomain;
  const prefix = pool.UserPool?.Domain;
  if (!customDomain && !prefix) {
    throw new CognitoDiscoveryError(
      "no_domain",
      `User pool ${userPoolId} has no hosted-UI domain; add one (the stack creates a prefix domain) and retry`,
    );
  }
  return {
    userPoolId,
    region,
    clientId,
    clientSecret: described.UserPoolClient?.ClientSecret ?? null,
    domain: customDomain ? `https://${customDomain}` : { prefix: prefix as string, region },
    callbackUrls: described.UserPoolClient?.CallbackURLs ?? [],
    logoutUrls: described.UserPoolClient?.LogoutURLs ?? [],
  };
}

async function findClientId(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  clientName: string,
  call: <T>(what: string, send: () => Promise<T>) => Promise<T>,
): Promise<string> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call("ListUserPoolClients", () =>
      client.send(
        new ListUserPoolClientsCommand({
          UserPoolId: userPoolId,
          MaxResults: 60,
          NextToken: nextToken,
        }),
      ),
    );
    for (const c of page.UserPoolClients ?? []) {
      if (c.ClientName === clientName && c.ClientId) ids.push(c.ClientId);
    }
    nextToken = page.NextToken;
  } while (nextToken);

  if (ids.length === 0) {
    throw new CognitoDiscoveryError(
      "client_not_found",
      `User pool ${userPoolId} has no app client named "${clientName}". Deploy the stack again (sst deploy) to create it, or point USER_POOL_CLIENT_NAME at an existing client.`,
    );
  }
  if (ids.length > 1) {
    throw new CognitoDiscoveryError(
      "client_ambiguous",
      `User pool ${userPoolId} has ${ids.length} app clients named "${clientName}" (${ids.join(", ")}); delete the extra ones or rename them.`,
    );
  }
  return ids[0] as string;
}

async function withBackoff<T>(
  what: string,
  send: () => Promise<T>,
  options: DiscoveryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const base = options.baseDelayMs ?? 200;
  const sleep = options.sleep ?? ((ms: number) => new Promise((ok) => setTimeout(ok, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const name = (error as { name?: string }).name ?? "";
      if (!THROTTLING.has(name)) {
        throw new CognitoDiscoveryError(
          "aws_error",
          `Cognito ${what} failed: ${name || "error"}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      if (attempt >= maxAttempts) {
        throw new CognitoDiscoveryError(
          "throttled",
          `Cognito ${what} was still throttled after ${maxAttempts} attempts; try again shortly`,
          { cause: error },
        );
      }
      const ceiling = Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1));
      await sleep(Math.ceil(ceiling / 2 + Math.random() * (ceiling / 2)));
    }
  }
}
