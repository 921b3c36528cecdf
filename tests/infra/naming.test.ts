/**
 * The hosted-UI prefix over many stage names: whatever a stage is called, the prefix is one that
 * CreateUserPoolDomain accepts (lower-case letters, digits and inner hyphens, at most 63
 * characters, none of "aws", "amazon", "cognito"), so a deploy never fails half way on it.
 */
import { describe, expect, it } from "vitest";
import { hostedUiPrefix } from "../../infra/naming.ts";

const VALID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED = /aws|amazon|cognito/;

/** A small deterministic generator (mulberry32), so a failure names a stage that reproduces. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stage names built from the reserved words' letters and pieces, where re-formation hides. */
function stageNames(count: number): string[] {
  const random = generator(17);
  const pieces = [
    "a",
    "w",
    "s",
    "aws",
    "am",
    "amazon",
    "azon",
    "cog",
    "cognito",
    "nito",
    "-",
    "_",
    ".",
    "X",
    "1",
  ];
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    let name = "";
    const length = 1 + Math.floor(random() * 12);
    for (let j = 0; j < length; j++) name += pieces[Math.floor(random() * pieces.length)];
    names.push(name);
  }
  return names;
}

describe("hostedUiPrefix", () => {
  it("strips reserved words until none re-forms (aawsws, amazamazonon, cogcognitonito)", () => {
    for (const stage of ["aawsws", "amazamazonon", "cogcognitonito", "aaawswsws"]) {
      const prefix = hostedUiPrefix("cognito-dashboard", stage, "123456789012");
      expect(prefix, stage).not.toMatch(RESERVED);
    }
  });

  it("is a prefix Cognito accepts for every stage name tried", () => {
    for (const stage of stageNames(5_000)) {
      for (const app of ["cognito-dashboard", "aws-amazon-cognito"]) {
        const prefix = hostedUiPrefix(app, stage, "123456789012");
        expect(prefix, `${app} / ${stage}`).toMatch(VALID);
        expect(prefix, `${app} / ${stage}`).not.toMatch(RESERVED);
      }
    }
  });

  it("keeps the stage readable when it can", () => {
    expect(hostedUiPrefix("cognito-dashboard", "prod", "123456789012")).toMatch(
      /^dashboard-prod-[0-9a-f]{8}$/,
    );
  });
});
