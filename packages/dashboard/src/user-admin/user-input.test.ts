import { describe, expect, it } from "vitest";
import { UserAdminError } from "./user-admin-error.ts";
import {
  checkEmail,
  checkEmailPrefix,
  checkGroups,
  checkName,
  checkPageToken,
  checkUsername,
} from "./user-input.ts";

function refusal(fn: () => unknown): UserAdminError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserAdminError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("user input", () => {
  it("takes an email trimmed, and refuses what is not one with a 400 saying so", () => {
    expect(checkEmail("  ada@example.com ")).toBe("ada@example.com");
    for (const bad of [
      "",
      "ada",
      "ada@",
      "@example.com",
      "ada@example",
      'a"b@example.com',
      "a b@x.io",
      42,
    ]) {
      const error = refusal(() => checkEmail(bad));
      expect(error.code, String(bad)).toBe("invalid_email");
      expect(error.status).toBe(400);
    }
    expect(refusal(() => checkEmail("")).message).toBe("Enter an email address.");
    expect(refusal(() => checkEmail(`${"a".repeat(250)}@x.io`)).code).toBe("invalid_email");
  });

  it("takes a name with its spaces tidied, at most 256 characters, no control characters", () => {
    expect(checkName("  Ada   Lovelace ")).toBe("Ada Lovelace");
    expect(refusal(() => checkName(" ")).code).toBe("invalid_name");
    expect(refusal(() => checkName("x".repeat(257))).code).toBe("invalid_name");
    expect(refusal(() => checkName("Ada\u0000")).code).toBe("invalid_name");
  });

  it("searches by an email prefix that cannot break out of ListUsers' filter string", () => {
    expect(checkEmailPrefix(undefined)).toBe("");
    expect(checkEmailPrefix(" ada ")).toBe("ada");
    for (const bad of ['a"', "a\\", "a b", "a\u0007"]) {
      expect(refusal(() => checkEmailPrefix(bad)).code, bad).toBe("invalid_search");
    }
  });

  it("passes a page token through, and refuses one no Cognito link would carry", () => {
    expect(checkPageToken(undefined)).toBeUndefined();
    expect(checkPageToken("")).toBeUndefined();
    expect(checkPageToken("AbC+/=123")).toBe("AbC+/=123");
    expect(refusal(() => checkPageToken("a b")).code).toBe("invalid_page");
    expect(refusal(() => checkPageToken("x".repeat(4097))).code).toBe("invalid_page");
  });

  it("accepts Cognito's usernames and answers 404 for anything else", () => {
    expect(checkUsername("5f1c2a1e-8b5e-4d1e-9c1a-0a1b2c3d4e5f")).toBe(
      "5f1c2a1e-8b5e-4d1e-9c1a-0a1b2c3d4e5f",
    );
    expect(checkUsername("ada@example.com")).toBe("ada@example.com");
    for (const bad of ["", "a b", "x".repeat(129), "a\u0000"]) {
      const error = refusal(() => checkUsername(bad));
      expect(error.status).toBe(404);
    }
  });
});

describe("checkGroups", () => {
  it("takes a list of group names (or one), without repeats, sorted", () => {
    expect(checkGroups(["editors", "admins", "editors"])).toEqual(["admins", "editors"]);
    expect(checkGroups("admins")).toEqual(["admins"]);
    expect(checkGroups([])).toEqual([]);
  });

  it("refuses anything else with 400 invalid_group", () => {
    for (const bad of [undefined, 3, [""], ["a b"], [1], { admins: true }, Array(101).fill("g")]) {
      expect(() => checkGroups(bad)).toThrow(expect.objectContaining({ code: "invalid_group" }));
    }
  });
});
