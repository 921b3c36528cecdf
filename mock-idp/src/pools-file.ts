import { readFileSync } from "node:fs";
import { type AppClient, CLIENT_SCOPES, newClient } from "./app-client.ts";
import { type FederatedMockUser, type MockUser, type UserSeed, validateUsers } from "./users.ts";

/** A pool declared in a pools file (the JSON schema is in the README). */
export interface PoolFileEntry {
  /** The pool id, `<region>_<id>` (e.g. `eu-west-1_Second`). */
  id: string;
  /** `PoolName`; default the id. */
  name?: string;
  /** Custom attributes without the `custom:` prefix (`["tenant"]` gives `custom:tenant`). */
  customAttributes?: string[];
  groups?: { name: string; description?: string; precedence?: number }[];
  clients?: {
    /** Default: a random 26-character id, printed at start. */
    id?: string;
    name: string;
    /** Omit for a public client (no secret). */
    secret?: string;
    callbackUrls?: string[];
    logoutUrls?: string[];
    /** Default `openid email phone profile`. */
    scopes?: string[];
  }[];
  /** Entries as in a users file (without federated users). */
  users?: MockUser[];
}

/** What a pools file holds. */
export interface PoolsFile {
  pools: PoolFileEntry[];
}

/** A pool ready to start: a pools file's entry after validation, or CreateUserPool's input. */
export interface PoolDeclaration {
  userPoolId: string;
  name: string;
  users: UserSeed[];
  groups: { name: string; description?: string; precedence?: number }[];
  clients: AppClient[];
  customAttributes: string[];
  deletionProtection: "ACTIVE" | "INACTIVE";
}

/** A pools file that cannot be used; the message names the file, the pool and the problem. */
export class PoolsFileError extends Error {
  readonly code = "MOCK_IDP_POOLS_INVALID";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PoolsFileError";
  }
}

/** Cognito's pool id form, as aws-jwt-verify requires it. */
export const POOL_ID = /^[a-z]{2}-(gov-)?[a-z]+-\d_[a-zA-Z0-9]+$/;
const NAME = /^[\w\s+=,.@-]{1,128}$/;

/**
 * Reads and validates a pools file.
 * @example loadPoolsFile("pools.json")[0].userPoolId // "eu-west-1_Second"
 */
export function loadPoolsFile(file: string): PoolDeclaration[] {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code
          ? "unreadable"
          : `not valid JSON (${(cause as Error).message})`;
    throw new PoolsFileError(`${file}: ${reason}`, { cause });
  }
  return validatePools(data, file);
}

/**
 * Validates pools given as data; `source` names them in error messages.
 * @example validatePools({ pools: [{ id: "eu-west-1_Two" }] })[0].clients // []
 */
export function validatePools(data: unknown, source = "pools"): PoolDeclaration[] {
  const pools = (data as Partial<PoolsFile> | null)?.pools;
  if (!Array.isArray(pools)) {
    throw new PoolsFileError(`${source}: expected a JSON object with a "pools" array`);
  }
  const seen = new Set<string>();
  return pools.map((entry: PoolFileEntry, index) => {
    const where = `${source}: pool ${index + 1}`;
    const fail = (problem: string) => new PoolsFileError(`${where}: ${problem}`);
    if (typeof entry?.id !== "string" || !POOL_ID.test(entry.id)) {
      throw fail('"id" must look like "eu-west-1_Second"');
    }
    if (seen.has(entry.id)) throw fail(`the id ${entry.id} appears twice`);
    seen.add(entry.id);
    const name = entry.name ?? entry.id;
    if (typeof name !== "string" || !NAME.test(name)) throw fail('"name" is not a pool name');
    const custom = stringList(entry.customAttributes, '"customAttributes"', fail);
    const groups = (entry.groups ?? []).map((g, i) => {
      if (typeof g?.name !== "string" || !/^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u.test(g.name)) {
        throw fail(`group ${i + 1} needs a "name" without spaces`);
      }
      return g;
    });
    const clients = (entry.clients ?? []).map((c, i) => {
      const what = `client ${i + 1}`;
      if (typeof c?.name !== "string" || !NAME.test(c.name)) throw fail(`${what} needs a "name"`);
      if (c.id !== undefined && !/^[\w+]{1,128}$/.test(c.id)) throw fail(`${what}: bad "id"`);
      if (c.secret !== undefined && (typeof c.secret !== "string" || c.secret.length < 8)) {
        throw fail(`${what}: "secret" must have at least 8 characters`);
      }
      const scopes = stringList(c.scopes, `${what}: "scopes"`, fail);
      const unknown = scopes.find((s) => !CLIENT_SCOPES.includes(s));
      if (unknown) throw fail(`${what}: unknown scope "${unknown}"`);
      return newClient({
        clientName: c.name,
        clientId: c.id,
        clientSecret: c.secret,
        callbackUrls: urls(c.callbackUrls, `${what}: "callbackUrls"`, fail),
        logoutUrls: urls(c.logoutUrls, `${what}: "logoutUrls"`, fail),
        scopes: c.scopes ? scopes : undefined,
      });
    });
    const users = entry.users?.length
      ? validateUsers(entry.users as (MockUser | FederatedMockUser)[], `${where}: users`)
      : [];
    if (users.some((u) => u.federated)) throw fail("a declared pool has no federated users");
    return {
      userPoolId: entry.id,
      name,
      users,
      groups,
      clients,
      customAttributes: custom.map((a) => `custom:${a}`),
      deletionProtection: "INACTIVE",
    };
  });
}

function stringList(value: unknown, what: string, fail: (problem: string) => Error): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw fail(`${what} must be an array of strings`);
  }
  return value;
}

function urls(value: unknown, what: string, fail: (problem: string) => Error): string[] {
  const list = stringList(value, what, fail);
  for (const url of list) {
    const parsed = URL.parse(url);
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.hash) {
      throw fail(`${what} has an invalid URL "${url}"`);
    }
  }
  return list;
}
