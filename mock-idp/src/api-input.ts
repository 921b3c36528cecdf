import { type CognitoError, invalidParameter } from "./cognito-error.ts";

/** A JSON request body of the user-pool API. */
export type Input = Record<string, unknown>;

// Reading a request's fields as Cognito's API model constrains them; a field that breaks its
// constraint is Cognito's InvalidParameterException in AWS's validation wording.

export function requiredString(input: Input, field: string): string {
  const value = input[field];
  if (value === undefined || value === null) {
    throw validation(null, lowerFirst(field), "Member must not be null");
  }
  if (typeof value !== "string" || value === "") {
    throw validation(
      value,
      lowerFirst(field),
      "Member must have length greater than or equal to 1",
    );
  }
  return value;
}

export function optionalString(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string")
    throw validation(value, lowerFirst(field), "Member must be a string");
  return value;
}

export function optionalStringList(input: Input, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw validation(value, lowerFirst(field), "Member must be a list of strings");
  }
  return value;
}

export function integer(input: Input, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw validation(
      value,
      lowerFirst(field),
      `Member must have value ${typeof value === "number" && value > max ? `less than or equal to ${max}` : `greater than or equal to ${min}`}`,
    );
  }
  return value;
}

/** AWS's wording for a request that breaks a constraint of the API model. */
export function validation(value: unknown, member: string, constraint: string): CognitoError {
  const shown = typeof value === "string" ? `'${value}'` : JSON.stringify(value);
  return invalidParameter(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function lowerFirst(text: string): string {
  return text[0]?.toLowerCase() + text.slice(1);
}

/**
 * One page of a list and the token of the next one. Tokens are opaque to clients; a token that is
 * not one of ours is Cognito's InvalidParameterException.
 */
export function page<T>(
  all: T[],
  limit: number,
  token: string | undefined,
): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const decoded = /^o(\d{1,9})$/.exec(Buffer.from(token, "base64url").toString("utf8"));
    if (!decoded) throw invalidParameter("Invalid pagination token.");
    start = Number(decoded[1]);
  }
  const items = all.slice(start, start + limit);
  const end = start + items.length;
  return end < all.length
    ? { items, next: Buffer.from(`o${end}`).toString("base64url") }
    : { items };
}
