import { describe, expect, it } from "vitest";
import { API_PREFIX, isApiCall } from "./api-call.ts";

describe("isApiCall", () => {
  it("is true under the API prefix, whatever the client accepts", () => {
    expect(isApiCall(API_PREFIX, "text/html")).toBe(true);
    expect(isApiCall(`${API_PREFIX}/me`, "text/html,application/xhtml+xml")).toBe(true);
  });

  it("is true for a client that does not accept HTML, false for a browser navigation", () => {
    expect(isApiCall("/", "application/json")).toBe(true);
    expect(isApiCall("/", undefined)).toBe(true);
    expect(isApiCall("/", "*/*")).toBe(true);
    expect(isApiCall("/admin", "text/html,application/xhtml+xml;q=0.9")).toBe(false);
    expect(isApiCall("/admin", "TEXT/HTML")).toBe(false);
  });

  it("does not take a path that merely starts like the prefix for an API call", () => {
    expect(isApiCall(`${API_PREFIX}ary`, "text/html")).toBe(false);
  });
});
