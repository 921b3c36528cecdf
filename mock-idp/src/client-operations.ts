import {
  type Input,
  integer,
  optionalString,
  optionalStringList,
  page,
  requiredString,
  validation,
} from "./api-input.ts";
import { seconds } from "./api-output.ts";
import { poolOf } from "./api-target.ts";
import { type AppClient, CLIENT_SCOPES, newClient, randomId } from "./app-client.ts";
import { CognitoError, invalidParameter } from "./cognito-error.ts";
import type { Operation } from "./operation-types.ts";
import { LIFETIME_RANGES } from "./options.ts";
import type { UserPool } from "./user-pool.ts";

const CLIENT_NAME = /^[\w\s+=,.@-]{1,128}$/;
const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
/** Cognito's defaults: ID and access tokens in hours, refresh tokens in days. */
const DEFAULT_UNITS = { IdToken: "hours", AccessToken: "hours", RefreshToken: "days" } as const;

/** The app-client operations: CreateUserPoolClient, DescribeUserPoolClient, ListUserPoolClients. */
export const CLIENT_OPERATIONS: Record<string, Operation> = {
  CreateUserPoolClient(input, { pool }) {
    poolOf(input, pool);
    const name = requiredString(input, "ClientName");
    if (!CLIENT_NAME.test(name)) {
      throw validation(
        name,
        "clientName",
        "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
      );
    }
    const flows = optionalStringList(input, "AllowedOAuthFlows") ?? [];
    const scopes = optionalStringList(input, "AllowedOAuthScopes") ?? [];
    const oauth = input.AllowedOAuthFlowsUserPoolClient === true;
    if (oauth && (flows.length === 0 || scopes.length === 0)) {
      throw new CognitoError(
        "InvalidOAuthFlowException",
        "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
      );
    }
    for (const flow of flows) {
      if (!["code", "implicit", "client_credentials"].includes(flow)) {
        throw validation(
          flows,
          "allowedOAuthFlows",
          "Member must satisfy enum value set: [implicit, client_credentials, code]",
        );
      }
    }
    const unknown = scopes.find((s) => !CLIENT_SCOPES.includes(s));
    if (unknown) {
      throw new CognitoError("ScopeDoesNotExistException", `Invalid scope requested: ${unknown}`);
    }
    const providers = optionalStringList(input, "SupportedIdentityProviders") ?? [];
    const other = providers.find((p) => p !== "COGNITO");
    if (other) {
      throw invalidParameter(
        `The provider ${other} does not exist for User Pool ${pool.userPoolId}`,
      );
    }
    const client = newClient({
      clientName: name,
      ...(input.GenerateSecret === true ? { clientSecret: randomId(51) } : {}),
      callbackUrls: callbackUrls(input, "CallbackURLs"),
      logoutUrls: callbackUrls(input, "LogoutURLs"),
      scopes,
      ...lifetimes(input),
      // The hosted UI's code flow needs the flag, the code flow, the pool's own users and a URL.
      oauth: oauth && flows.includes("code") && providers.includes("COGNITO"),
    });
    pool.addClient(client);
    return { UserPoolClient: describeClient(pool, client) };
  },

  DescribeUserPoolClient(input, { pool }) {
    poolOf(input, pool);
    const client = pool.client(requiredString(input, "ClientId"));
    return { UserPoolClient: describeClient(pool, client) };
  },

  ListUserPoolClients(input, { pool }) {
    poolOf(input, pool);
    const limit = integer(input, "MaxResults", 1, 60) ?? 60;
    const clients = pool.clients().map((c) => ({
      ClientId: c.clientId,
      ClientName: c.clientName,
      UserPoolId: pool.userPoolId,
    }));
    const { items, next } = page(clients, limit, optionalString(input, "NextToken"));
    return { UserPoolClients: items, ...(next ? { NextToken: next } : {}) };
  },
};

/** Cognito's UserPoolClientType (lifetimes in seconds, whatever units they were given in). */
function describeClient(pool: UserPool, client: AppClient): Record<string, unknown> {
  return {
    UserPoolId: pool.userPoolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.clientSecret ? { ClientSecret: client.clientSecret } : {}),
    CreationDate: seconds(client.createdAt),
    LastModifiedDate: seconds(client.modifiedAt),
    IdTokenValidity: client.idTokenTtl,
    AccessTokenValidity: client.accessTokenTtl,
    RefreshTokenValidity: client.refreshTokenTtl,
    TokenValidityUnits: { IdToken: "seconds", AccessToken: "seconds", RefreshToken: "seconds" },
    SupportedIdentityProviders: client.identityProviders,
    CallbackURLs: client.callbackUrls,
    LogoutURLs: client.logoutUrls,
    ...(client.oauth ? { AllowedOAuthFlows: ["code"] } : {}),
    AllowedOAuthScopes: client.scopes,
    AllowedOAuthFlowsUserPoolClient: client.oauth,
    ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
    PreventUserExistenceErrors: "ENABLED",
    EnableTokenRevocation: true,
    RefreshTokenRotation: {
      Feature: client.refreshTokenRotation.enabled ? "ENABLED" : "DISABLED",
      RetryGracePeriodSeconds: client.refreshTokenRotation.retryGracePeriodSeconds,
    },
    AuthSessionValidity: 3,
  };
}

/** CallbackURLs and LogoutURLs: absolute, no fragment, HTTPS except on localhost (as Cognito). */
function callbackUrls(input: Input, field: string): string[] {
  const urls = optionalStringList(input, field) ?? [];
  for (const url of urls) {
    const parsed = URL.parse(url);
    const local = parsed && /^(localhost|127\.0\.0\.1|\[::1\])$/.test(parsed.hostname);
    if (!parsed || parsed.hash || !(parsed.protocol === "https:" || local)) {
      throw invalidParameter(
        `${field.replace(/s$/, "")} ${url} is not valid: use HTTPS (HTTP only on localhost) and no fragment.`,
      );
    }
  }
  return urls;
}

/** The token lifetimes in seconds, from Cognito's validities and units, within Cognito's ranges. */
function lifetimes(input: Input): {
  idTokenTtl?: number;
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
} {
  const units = (input.TokenValidityUnits ?? {}) as Record<string, unknown>;
  const read = (
    field: string,
    unit: keyof typeof DEFAULT_UNITS,
    range: readonly [number, number],
  ) => {
    const value = integer(input, field, 1, Number.MAX_SAFE_INTEGER);
    if (value === undefined) return undefined;
    const name = units[unit] ?? DEFAULT_UNITS[unit];
    const factor = typeof name === "string" ? UNIT_SECONDS[name] : undefined;
    if (!factor) {
      throw validation(
        name,
        `tokenValidityUnits.${unit.charAt(0).toLowerCase()}${unit.slice(1)}`,
        "Member must satisfy enum value set: [seconds, minutes, hours, days]",
      );
    }
    const result = value * factor;
    if (result < range[0] || result > range[1]) {
      throw invalidParameter(`${field} must be between ${range[0]} and ${range[1]} seconds.`);
    }
    return result;
  };
  const id = read("IdTokenValidity", "IdToken", LIFETIME_RANGES.idTokenTtl);
  const access = read("AccessTokenValidity", "AccessToken", LIFETIME_RANGES.accessTokenTtl);
  const refresh = read("RefreshTokenValidity", "RefreshToken", LIFETIME_RANGES.refreshTokenTtl);
  return {
    ...(id === undefined ? {} : { idTokenTtl: id }),
    ...(access === undefined ? {} : { accessTokenTtl: access }),
    ...(refresh === undefined ? {} : { refreshTokenTtl: refresh }),
  };
}
