/**
 * The rules for what an admin may type (email, name, search) and what a URL may carry (username,
 * page token), checked before anything reaches Cognito. Each rule lives here once: the pages, the
 * JSON API and `npm run create-user` all call these.
 */
import { UserAdminError } from "./user-admin-error.ts";

// Deliberately plain: one @, a dot in the domain, no spaces, quotes or backslashes (a quote would
// end ListUsers' filter string). Cognito checks the address again.
const EMAIL = /^[^\s@"\\]+@[^\s@"\\]+\.[^\s@"\\]+$/;
// Control characters have no place in a name, a search or a username.
const CONTROL = /\p{Cc}/u;
// Cognito's username pattern, [\p{L}\p{M}\p{S}\p{N}\p{P}]+, 1 to 128 characters.
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
const PAGE_TOKEN = /^[\x21-\x7e]{1,4096}$/;
// Cognito's group-name pattern, [\p{L}\p{M}\p{S}\p{N}\p{P}]+, 1 to 128 characters.
const GROUP_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,128}$/u;
/** More groups than a person ticks; Cognito allows 10,000 per pool, 100 per user by default. */
const MAX_GROUPS = 100;

/**
 * A trimmed email address, or a 400 {@link UserAdminError} saying what is wrong with it.
 * @example checkEmail(" ada@example.com ") // "ada@example.com"
 */
export function checkEmail(raw: unknown): string {
  const email = typeof raw === "string" ? raw.trim() : "";
  if (email === "") throw new UserAdminError("invalid_email", "Enter an email address.", 400);
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new UserAdminError(
      "invalid_email",
      "This is not an email address (name@example.com).",
      400,
    );
  }
  return email;
}

/**
 * A trimmed display name of 1 to 256 characters.
 * @example checkName("  Ada Lovelace ") // "Ada Lovelace"
 */
export function checkName(raw: unknown): string {
  const name = typeof raw === "string" ? raw.trim().replace(/\s+/g, " ") : "";
  if (name === "") throw new UserAdminError("invalid_name", "Enter the person's name.", 400);
  if (name.length > 256 || CONTROL.test(name)) {
    throw new UserAdminError(
      "invalid_name",
      "The name must be at most 256 characters, without control characters.",
      400,
    );
  }
  return name;
}

/**
 * The start of an email address to search for; empty means every user.
 * @example checkEmailPrefix(" ada ") // "ada"
 */
export function checkEmailPrefix(raw: unknown): string {
  const prefix = typeof raw === "string" ? raw.trim() : "";
  if (prefix.length > 254 || CONTROL.test(prefix) || /["\\\s]/.test(prefix)) {
    throw new UserAdminError(
      "invalid_search",
      "Search by the start of an email address: no spaces, quotes or backslashes.",
      400,
    );
  }
  return prefix;
}

/**
 * A ListUsers pagination token as it came back in a link, or `undefined` for the first page.
 * @example checkPageToken("") // undefined
 */
export function checkPageToken(raw: unknown): string | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (typeof raw !== "string" || !PAGE_TOKEN.test(raw)) {
    throw new UserAdminError(
      "invalid_page",
      "This page link is not valid; start again from the first page.",
      400,
    );
  }
  return raw;
}

/**
 * A Cognito username taken from a URL (in an email-as-username pool, the user's id).
 * @example checkUsername("5f1c…") // "5f1c…"
 */
export function checkUsername(raw: unknown): string {
  if (typeof raw !== "string" || !USERNAME.test(raw)) {
    throw new UserAdminError("user_not_found", "There is no such user.", 404);
  }
  return raw;
}

/**
 * A list of group names (each Cognito's group-name pattern), without repeats, sorted; a single
 * name counts as a list of one.
 * @example checkGroups(["editors", "admins", "editors"]) // ["admins", "editors"]
 */
export function checkGroups(raw: unknown): string[] {
  const list = typeof raw === "string" ? [raw] : raw;
  if (
    !Array.isArray(list) ||
    list.length > MAX_GROUPS ||
    !list.every((g) => typeof g === "string" && GROUP_NAME.test(g))
  ) {
    throw new UserAdminError("invalid_group", "Groups are a list of the pool's group names.", 400);
  }
  return [...new Set(list as string[])].sort();
}
