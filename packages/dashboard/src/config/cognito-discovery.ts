/**
 * The app client's settings for the deployed function, asked of Cognito when a route first needs
 * them (the middleware's `clientSettings`), never at cold start.
 *
 * Why a lookup at all: the client's callback URL is the function's own URL, so the client is
 * created after the function. The stack then hands the function the client's id and the hosted-UI
 * domain (`addEnvironment`, infra/dashboard.ts), but not its secret, which stays out of plain
 * environment. So:
 * 1. with the id from the deploy: `DescribeUserPoolClient` gives the secret (one call);
 * 2. without it, or when Cognito no longer knows that id (the client was replaced and the
 *    function's environment not yet updated): by name, `ListUserPoolClients` (all pages) -> the
 *    one client of that name (none, or two, is an error that says what to do), then
 *    `DescribeUserPoolClient`; `DescribeUserPool` gives the domain when the deploy did not;
 * 3. the result is kept; a failure is not (the next request tries again); settings the token
 *    endpoint refused (`invalid_client`) are dropped and looked up again, by name if they came
 *    from the deploy's id.
 * Calls are signed with aws4fetch (cognito-api.ts) and retried on throttling and transient errors.
 * The client secret is never written to a log or an error message.
 */
import {
  type ClientSettings,
  type ClientSettingsProvider,
  userPoolRegion,
} from "@cognito-dashboard/cognito-auth";
import { CLIENT_ID_ENV } from "@cognito-dashboard/local-dev";
import { type CognitoApi, cognitoApi } from "./cognito-api.ts";
import { CognitoDiscoveryError } from "./discovery-error.ts";

export { CognitoDiscoveryError };

export interface ClientLookupOptions {
  /** "eu-west-1_AbC123"; the region is taken from it. */
  userPoolId: string;
  /** The app client's name, as given to Cognito. */
  clientName: string;
  /** The client id the deploy handed over, if any: tried first, without a name lookup. */
  clientId?: string;
  /** The hosted-UI base URL the deploy handed over, if any: no `DescribeUserPool` then. */
  domain?: string;
  /** Default: a signed caller for the pool's region (see cognito-api.ts for its options). */
  api?: CognitoApi;
}

/** A lookup in flight or done; `settings` once it succeeded. */
interface Lookup {
  promise: Promise<ClientSettings>;
  settings?: ClientSettings;
}

interface ListPage {
  UserPoolClients?: { ClientId?: string; ClientName?: string }[];
  NextToken?: string;
}
interface DescribedClient {
  UserPoolClient?: { ClientId?: string; ClientName?: string; ClientSecret?: string };
}
interface DescribedPool {
  UserPool?: { Domain?: string; CustomDomain?: string };
}

/**
 * A `clientSettings` provider for the middleware: looks the settings up on first call, keeps
 * them, forgets a failure, and looks again after the IdP refused the ones it gave.
 * @example cognitoAuth({ ...common, clientSettings: clientSettingsProvider({ userPoolId, clientName: "dashboard", clientId }) })
 */
export function clientSettingsProvider(options: ClientLookupOptions): ClientSettingsProvider {
  const region = regionOf(options.userPoolId);
  let api = options.api;
  let deployIdGone = false;
  let cached: Lookup | undefined;

  return function cognitoClientSettings(refused) {
    if (refused && cached?.settings?.clientId === refused.clientId) cached = undefined;
    if (refused && refused.clientId === options.clientId) deployIdGone = true;
    if (cached) return cached.promise;
    api ??= cognitoApi({ region });
    const entry: Lookup = {
      promise: lookUp(api, options, region, deployIdGone ? undefined : options.clientId).then(
        ({ settings, deployIdFound }) => {
          if (!deployIdFound) deployIdGone = options.clientId !== undefined;
          entry.settings = settings;
          return settings;
        },
      ),
    };
    cached = entry;
    entry.promise.catch(() => {
      if (cached === entry) cached = undefined;
    });
    return entry.promise;
  };
}

async function lookUp(
  api: CognitoApi,
  options: ClientLookupOptions,
  region: string,
  deployId: string | undefined,
): Promise<{ settings: ClientSettings; deployIdFound: boolean }> {
  const { userPoolId } = options;
  const domain = options.domain
    ? Promise.resolve<ClientSettings["domain"]>(options.domain)
    : hostedUiDomain(api, userPoolId, region);
  // Settled either way, so that a failure on one path never goes unhandled.
  domain.catch(() => undefined);
  if (deployId) {
    const described = await describeClient(api, userPoolId, deployId).catch((error: unknown) => {
      if (error instanceof CognitoDiscoveryError && error.awsType === "ResourceNotFoundException") {
        return undefined;
      }
      throw error;
    });
    if (described) {
      return { settings: { domain: await domain, ...described }, deployIdFound: true };
    }
  }
  const clientId = await findClientId(api, userPoolId, options.clientName);
  const described = await describeClient(api, userPoolId, clientId);
  return { settings: { domain: await domain, ...described }, deployIdFound: false };
}

async function describeClient(
  api: CognitoApi,
  userPoolId: string,
  clientId: string,
): Promise<Pick<ClientSettings, "clientId" | "clientSecret">> {
  const answer = await api<DescribedClient>("DescribeUserPoolClient", {
    UserPoolId: userPoolId,
    ClientId: clientId,
  });
  return { clientId, clientSecret: answer.UserPoolClient?.ClientSecret ?? null };
}

async function hostedUiDomain(
  api: CognitoApi,
  userPoolId: string,
  region: string,
): Promise<ClientSettings["domain"]> {
  const pool = await api<DescribedPool>("DescribeUserPool", { UserPoolId: userPoolId });
  const custom = pool.UserPool?.CustomDomain;
  const prefix = pool.UserPool?.Domain;
  if (custom) return `https://${custom}`;
  if (prefix) return { prefix, region };
  throw new CognitoDiscoveryError(
    "no_domain",
    `User pool ${userPoolId} has no hosted-UI domain; add one (the stack creates a prefix domain) and retry`,
  );
}

async function findClientId(api: CognitoApi, userPoolId: string, clientName: string) {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page: ListPage = await api<ListPage>("ListUserPoolClients", {
      UserPoolId: userPoolId,
      MaxResults: 60,
      ...(nextToken ? { NextToken: nextToken } : {}),
    });
    for (const c of page.UserPoolClients ?? []) {
      if (c.ClientName === clientName && c.ClientId) ids.push(c.ClientId);
    }
    nextToken = page.NextToken;
  } while (nextToken);

  if (ids.length === 0) {
    throw new CognitoDiscoveryError(
      "client_not_found",
      `User pool ${userPoolId} has no app client named "${clientName}". Deploy the stack again (sst deploy) to create it.`,
    );
  }
  if (ids.length > 1) {
    throw new CognitoDiscoveryError(
      "client_ambiguous",
      `User pool ${userPoolId} has ${ids.length} app clients named "${clientName}" (${ids.join(", ")}); delete the ones the stack does not manage (its id is in the function's ${CLIENT_ID_ENV} after a deploy).`,
    );
  }
  return ids[0] as string;
}

function regionOf(userPoolId: string): string {
  const region = userPoolRegion(userPoolId);
  if (!region) {
    throw new CognitoDiscoveryError(
      "invalid_user_pool_id",
      `"${userPoolId}" is not a user pool id (expected the form eu-west-1_AbC123)`,
    );
  }
  return region;
}
