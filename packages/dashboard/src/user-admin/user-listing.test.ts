import { describe, expect, it } from "vitest";
import type { PoolUser } from "./cognito-user-admin.ts";
import { applyListing, checkListingQuery, statusGroup } from "./user-listing.ts";

let n = 0;
const user = (over: Partial<PoolUser> = {}): PoolUser => {
  n++;
  return {
    username: `u${n}`,
    sub: `u${n}`,
    email: `user${n}@example.com`,
    name: `User ${n}`,
    status: "CONFIRMED",
    enabled: true,
    createdAt: new Date(Date.UTC(2026, 0, n)),
    groups: [],
    ...over,
  };
};

const ada = user({ email: "ada@example.com", name: "Ada Lovelace" });
const bob = user({
  email: "bob@example.com",
  name: "Bob Builder",
  status: "FORCE_CHANGE_PASSWORD",
});
const cy = user({ email: "cy@corp.example", name: "Cy Lovelace", enabled: false });
const fed = user({ email: "fed@example.com", name: "", status: "EXTERNAL_PROVIDER" });
const all = [cy, bob, fed, ada];
const query = (raw: Record<string, string> = {}) => checkListingQuery(raw);

describe("the users table's listing", () => {
  it("searches part of an email or a name, case-insensitively, and counts each status", () => {
    const found = applyListing(all, query({ q: "LOVELACE" }), 25);
    expect(found.users.map((u) => u.email)).toEqual(["ada@example.com", "cy@corp.example"]);
    expect(found.counts).toEqual({ all: 2, active: 1, invited: 0, disabled: 1, external: 0 });
    expect(applyListing(all, query({ q: "corp" }), 25).users).toEqual([cy]);
  });

  it("filters by status: active, invited, disabled, external provider", () => {
    const by = (status: string) =>
      applyListing(all, query({ status }), 25).users.map((u) => u.email);
    expect(by("active")).toEqual(["ada@example.com"]);
    expect(by("invited")).toEqual(["bob@example.com"]);
    expect(by("disabled")).toEqual(["cy@corp.example"]);
    expect(by("external")).toEqual(["fed@example.com"]);
    expect(statusGroup({ enabled: false, status: "FORCE_CHANGE_PASSWORD" })).toBe("disabled");
  });

  it("sorts by email, name, status or creation, either way; newest first by default for creation", () => {
    const order = (raw: Record<string, string>) =>
      applyListing(all, query(raw), 25).users.map((u) => u.email.split("@")[0]);
    expect(order({})).toEqual(["ada", "bob", "cy", "fed"]);
    expect(order({ sort: "email", dir: "desc" })).toEqual(["fed", "cy", "bob", "ada"]);
    expect(order({ sort: "name" })).toEqual(["ada", "bob", "cy", "fed"]);
    expect(order({ sort: "status" })).toEqual(["ada", "bob", "fed", "cy"]);
    expect(order({ sort: "created" })).toEqual(["fed", "cy", "bob", "ada"]);
  });

  it("cuts pages, keeping the last one in range", () => {
    const many = Array.from({ length: 30 }, () => user());
    const second = applyListing(many, query({ page: "2" }), 25);
    expect(second).toMatchObject({ total: 30, page: 2, pages: 2 });
    expect(second.users).toHaveLength(5);
    expect(applyListing(many, query({ page: "9" }), 25).page).toBe(2);
  });

  it("refuses a malformed query with 400", () => {
    for (const raw of [
      { status: "everyone" },
      { sort: "password" },
      { dir: "up" },
      { page: "0" },
      { page: "x" },
      { q: "a\u0000b" },
      { q: "x".repeat(101) },
    ]) {
      expect(() => checkListingQuery(raw), JSON.stringify(raw)).toThrow(
        expect.objectContaining({ status: 400 }),
      );
    }
  });
});
