import { fileURLToPath } from "node:url";
import { localCallbackUrls, localLogoutUrls, MOCK_IDP } from "@cognito-dashboard/local-dev";
import { loadUsersFile, type MockUser, type PoolUser, validateUsers } from "./users.ts";

/** Options of `startMockIdp`; every one has a default. */
export interface MockIdpOptions {
  /** Port on localhost; 0 picks a free one. Default `MOCK_IDP.port` (9500). */
  port?: number;
  /** Users given directly; wins over `usersFile`. */
  users?: MockUser[];
  /** A users JSON file. Default `mock-idp/users.json`. */
  usersFile?: string;
  /** Default `MOCK_IDP.userPoolId`; must have the form `<region>_<id>`. */
  userPoolId?: string;
  /** Default `MOCK_IDP.clientId`. */
  clientId?: string;
  /** Default `MOCK_IDP.clientSecret`. */
  clientSecret?: string;
  /** Callback URLs registered in addition to `localCallbackUrls()` (e.g. a test app's port). */
  extraCallbackUrls?: string[];
  /** Logout URLs registered in addition to `localLogoutUrls()`. */
  extraLogoutUrls?: string[];
  /** ID token lifetime in seconds. Default 3600. */
  idTokenTtl?: number;
  /** Access token lifetime in seconds. Default 3600. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default 30 days. */
  refreshTokenTtl?: number;
  /** Lifetime of the hosted UI's own session (silent re-login) in seconds. Default 3600. */
  sessionTtl?: number;
  /** No request log lines. Default false. */
  quiet?: boolean;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  port: number;
  users: PoolUser[];
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  callbackUrls: string[];
  logoutUrls: string[];
  idTokenTtl: number;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  sessionTtl: number;
  quiet: boolean;
}

/** The users file used when neither `users` nor `usersFile` is given. */
export const DEFAULT_USERS_FILE = fileURLToPath(new URL("../users.json", import.meta.url));

const POOL_ID = /^[a-z]{2}-(gov-)?[a-z]+-\d_[a-zA-Z0-9]+$/;

/**
 * Fills defaults and checks every option; a bad one throws a plain Error naming it.
 * @example resolveOptions({ port: 0 }).clientId // MOCK_IDP.clientId
 */
export function resolveOptions(options: MockIdpOptions = {}): ResolvedOptions {
  const port = options.port ?? MOCK_IDP.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`mock-idp: option "port" must be an integer from 0 to 65535, got ${port}`);
  }
  const userPoolId = options.userPoolId ?? MOCK_IDP.userPoolId;
  if (!POOL_ID.test(userPoolId)) {
    throw new Error(
      `mock-idp: option "userPoolId" must look like "us-east-1_Abc123", got "${userPoolId}"`,
    );
  }
  const clientId = options.clientId ?? MOCK_IDP.clientId;
  if (!/^[\w+]{1,128}$/.test(clientId)) {
    throw new Error('mock-idp: option "clientId" must be 1-128 letters, digits or underscores');
  }
  const clientSecret = options.clientSecret ?? MOCK_IDP.clientSecret;
  if (clientSecret.length < 8) {
    throw new Error('mock-idp: option "clientSecret" must have at least 8 characters');
  }
  const users = options.users
    ? validateUsers(options.users, 'option "users"')
    : loadUsersFile(options.usersFile ?? DEFAULT_USERS_FILE);
  return {
    port,
    users,
    userPoolId,
    clientId,
    clientSecret,
    callbackUrls: unique([
      ...localCallbackUrls(),
      ...checkUrls("extraCallbackUrls", options.extraCallbackUrls),
    ]),
    logoutUrls: unique([
      ...localLogoutUrls(),
      ...checkUrls("extraLogoutUrls", options.extraLogoutUrls),
    ]),
    idTokenTtl: seconds("idTokenTtl", options.idTokenTtl, 3600),
    accessTokenTtl: seconds("accessTokenTtl", options.accessTokenTtl, 3600),
    refreshTokenTtl: seconds("refreshTokenTtl", options.refreshTokenTtl, 30 * 24 * 3600),
    sessionTtl: seconds("sessionTtl", options.sessionTtl, 3600),
    quiet: options.quiet ?? false,
  };
}

function seconds(name: string, value: number | undefined, fallback: number): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < 1) {
    throw new Error(
      `mock-idp: option "${name}" must be a whole number of seconds >= 1, got ${value}`,
    );
  }
  return result;
}

function checkUrls(name: string, urls: string[] | undefined): string[] {
  for (const url of urls ?? []) {
    const parsed = URL.parse(url);
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.hash) {
      throw new Error(`mock-idp: option "${name}" has an invalid URL "${url}"`);
    }
  }
  return urls ?? [];
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
