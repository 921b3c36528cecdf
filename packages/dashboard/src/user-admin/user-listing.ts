/**
 * The users table's search, status filter, sort and pages, applied to a whole-pool listing
 * (CognitoUserAdmin.listAllUsers). Cognito's ListUsers filters on one attribute's prefix only
 * (`email ^= "ada"`), so "email or name contains" cannot be asked of it: the listing is read in
 * ListUsers pages of 60, up to MAX_LISTED_USERS, and everything here runs on that, in memory.
 * A pool larger than the bound is listed up to it, and the page says so.
 */
import type { PoolUser } from "./cognito-user-admin.ts";
import { UserAdminError } from "./user-admin-error.ts";

/** The status filter's choices. */
export const STATUS_FILTERS = ["all", "active", "invited", "disabled", "external"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The columns the table sorts by. */
export const SORT_KEYS = ["email", "name", "status", "created"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface ListingQuery {
  /** Part of an email or a name, case-insensitive; "" for everyone. */
  q: string;
  status: StatusFilter;
  sort: SortKey;
  dir: "asc" | "desc";
  /** 1-based. */
  page: number;
}

export interface Listing {
  users: PoolUser[];
  /** Matching users, over all pages. */
  total: number;
  page: number;
  pages: number;
  /** How many users of the listing fall in each status (before the status filter). */
  counts: Record<StatusFilter, number>;
}

// Control characters have no place in a search.
const CONTROL = /\p{Cc}/u;

/**
 * Where a user stands, for the filter: disabled first (whatever else), then Cognito's status.
 * @example statusGroup({ enabled: true, status: "FORCE_CHANGE_PASSWORD" }) // "invited"
 */
export function statusGroup(
  user: Pick<PoolUser, "enabled" | "status">,
): Exclude<StatusFilter, "all"> | "other" {
  if (!user.enabled) return "disabled";
  switch (user.status) {
    case "CONFIRMED":
    case "RESET_REQUIRED":
      return "active";
    case "FORCE_CHANGE_PASSWORD":
      return "invited";
    case "EXTERNAL_PROVIDER":
      return "external";
    default:
      return "other";
  }
}

/**
 * The table's query from a URL's parameters, with defaults; a malformed value is a 400.
 * @example checkListingQuery({ q: "ada", status: "invited" }) // { q: "ada", status: "invited", sort: "email", dir: "asc", page: 1 }
 */
export function checkListingQuery(raw: Record<string, string | undefined>): ListingQuery {
  const q = (raw.q ?? "").trim();
  if (q.length > 100 || CONTROL.test(q)) {
    throw new UserAdminError(
      "invalid_search",
      "Search by part of an email or a name: at most 100 characters.",
      400,
    );
  }
  const status = oneOf(raw.status, STATUS_FILTERS, "all", "status");
  const sort = oneOf(raw.sort, SORT_KEYS, "email", "sort");
  const dir = oneOf(raw.dir, ["asc", "desc"] as const, sort === "created" ? "desc" : "asc", "dir");
  const page = raw.page === undefined || raw.page === "" ? 1 : Number(raw.page);
  if (!Number.isInteger(page) || page < 1 || page > 10_000) {
    throw new UserAdminError(
      "invalid_page",
      "This page link is not valid; start again from the first page.",
      400,
    );
  }
  return { q, status, sort, dir, page };
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
  name: string,
): T {
  if (value === undefined || value === "") return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UserAdminError(
    "invalid_parameter",
    `${name} must be one of ${allowed.join(", ")}.`,
    400,
  );
}

/**
 * Searches, counts, filters, sorts and cuts one page out of `users`.
 * @example applyListing(users, { q: "", status: "all", sort: "email", dir: "asc", page: 1 }, 25)
 */
export function applyListing(users: PoolUser[], query: ListingQuery, pageSize: number): Listing {
  const needle = query.q.toLocaleLowerCase("en");
  const found = needle
    ? users.filter(
        (u) =>
          u.email.toLocaleLowerCase("en").includes(needle) ||
          u.name.toLocaleLowerCase("en").includes(needle),
      )
    : users;
  const counts = Object.fromEntries(STATUS_FILTERS.map((s) => [s, 0])) as Listing["counts"];
  for (const u of found) {
    counts.all++;
    const group = statusGroup(u);
    if (group !== "other") counts[group]++;
  }
  const filtered =
    query.status === "all" ? found : found.filter((u) => statusGroup(u) === query.status);
  const sign = query.dir === "asc" ? 1 : -1;
  const sorted = [...filtered].sort((a, b) => sign * compare(a, b, query.sort) || byEmail(a, b));
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const page = Math.min(query.page, pages);
  return {
    users: sorted.slice((page - 1) * pageSize, page * pageSize),
    total: sorted.length,
    page,
    pages,
    counts,
  };
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function byEmail(a: PoolUser, b: PoolUser): number {
  return collator.compare(a.email || a.username, b.email || b.username);
}

function compare(a: PoolUser, b: PoolUser, key: SortKey): number {
  switch (key) {
    case "email":
      return byEmail(a, b);
    case "name":
      // Users without a name sort after the named ones (ascending).
      return collator.compare(a.name || "\u{10ffff}", b.name || "\u{10ffff}");
    case "status":
      return STATUS_ORDER.indexOf(statusGroup(a)) - STATUS_ORDER.indexOf(statusGroup(b));
    case "created":
      return (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0);
  }
}

const STATUS_ORDER = ["active", "invited", "external", "other", "disabled"] as const;
