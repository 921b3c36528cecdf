/**
 * The checks before any resource (infra/preflight.ts), on their own; the infrastructure test runs
 * them through the real run() too.
 */
import { describe, expect, it } from "vitest";
import { deployProblem, NO_FUNCTION_URL_REGIONS } from "../../infra/preflight.ts";

const SECRET = { SST_SECRET_SessionSecret: "a-session-secret-of-at-least-32-characters" };

describe("deployProblem", () => {
  it("refuses a region without Function URLs, in one line naming STAGE_REGIONS", () => {
    for (const region of NO_FUNCTION_URL_REGIONS) {
      const problem = deployProblem({ stage: "prod", region, env: SECRET });
      expect(problem).toContain(region);
      expect(problem).toContain("STAGE_REGIONS");
      expect(problem).not.toContain("\n");
    }
  });

  it("lets a region with Function URLs and a good secret through", () => {
    expect(deployProblem({ stage: "prod", region: "eu-west-1", env: SECRET })).toBeUndefined();
  });
});
