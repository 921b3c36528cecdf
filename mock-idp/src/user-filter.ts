import { invalidParameter } from "./cognito-error.ts";
import type { PoolUser } from "./user-pool.ts";

/** ListUsers' searchable attributes; `true` where Cognito compares case-insensitively. */
const SEARCHABLE: Record<string, boolean> = {
  username: true,
  email: false,
  phone_number: false,
  name: false,
  given_name: false,
  family_name: false,
  preferred_username: false,
  "cognito:user_status": true,
  status: false,
  sub: false,
};

const FILTER = /^\s*([a-z_:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

/**
 * ListUsers' `Filter`: `attribute = "value"` (exact) or `attribute ^= "prefix"`, on one of the
 * searchable attributes (`status` is "Enabled" or "Disabled", `cognito:user_status` the status).
 * An empty filter matches everyone; anything else is Cognito's InvalidParameterException.
 * @example userFilter('email ^= "ada"')(user) // true for ada@example.com
 */
export function userFilter(filter: string | undefined): (user: PoolUser) => boolean {
  if (filter === undefined || filter.trim() === "") return () => true;
  const match = FILTER.exec(filter);
  const attribute = match?.[1] as string;
  if (!match || !(attribute in SEARCHABLE)) throw invalidParameter("Error while parsing filter.");
  const prefix = match[2] === "^=";
  const insensitive = SEARCHABLE[attribute] as boolean;
  const fold = (text: string) => (insensitive ? text.toLowerCase() : text);
  const wanted = fold((match[3] as string).replace(/\\(.)/g, "$1"));
  return (user) => {
    const value = searchedValue(user, attribute);
    if (value === undefined) return false;
    const have = fold(value);
    return prefix ? have.startsWith(wanted) : have === wanted;
  };
}

function searchedValue(user: PoolUser, attribute: string): string | undefined {
  if (attribute === "username") return user.username;
  if (attribute === "cognito:user_status") return user.status;
  if (attribute === "status") return user.enabled ? "Enabled" : "Disabled";
  return user.attributes[attribute];
}
