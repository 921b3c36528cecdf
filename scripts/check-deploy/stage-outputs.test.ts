import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readStageOutputs, StageOutputsError } from "./stage-outputs.ts";

const dir = mkdtempSync(join(tmpdir(), "stage-outputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `sst deploy --stage prod` writes to .sst/outputs.json for this app (sst.config.ts). */
const DEPLOYED = {
  dashboardUrl: "https://abc123.lambda-url.eu-west-1.on.aws/",
  hostedUiUrl: "https://cognito-dashboard-prod-0a1b2c3d.auth.eu-west-1.amazoncognito.com",
  userPoolId: "eu-west-1_AbC123",
  clientId: "1example23456789",
  stage: "prod",
};

function file(content: unknown, name = "outputs.json"): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("readStageOutputs", () => {
  it("reads the stage's outputs, the URLs without a trailing slash and the region from the pool", () => {
    expect(readStageOutputs(file(DEPLOYED), "prod")).toEqual({
      stage: "prod",
      dashboardUrl: "https://abc123.lambda-url.eu-west-1.on.aws",
      hostedUiUrl: DEPLOYED.hostedUiUrl,
      userPoolId: "eu-west-1_AbC123",
      region: "eu-west-1",
      clientId: "1example23456789",
    });
  });

  it.each([
    [
      "no file",
      () => join(dir, "missing.json"),
      /^No stack outputs at .*missing\.json: run `npx sst deploy --stage prod`/,
    ],
    ["not JSON", () => file("{", "broken.json"), /is not SST's outputs/],
    [
      "another stage's",
      () => file({ ...DEPLOYED, stage: "dev" }, "dev.json"),
      /describes stage "dev" \(the last one run from this checkout\), not "prod": run `npx sst deploy --stage prod`/,
    ],
    [
      "an older deploy's, without a stage",
      () => file({ ...DEPLOYED, stage: undefined }, "old.json"),
      /has no stage output/,
    ],
    [
      "without the client",
      () => file({ ...DEPLOYED, clientId: "" }, "noclient.json"),
      /has no clientId output/,
    ],
    [
      "with a plain-http URL",
      () =>
        file(
          { ...DEPLOYED, dashboardUrl: "http://abc123.lambda-url.eu-west-1.on.aws" },
          "http.json",
        ),
      /dashboardUrl "http:.*" is not https/,
    ],
    [
      "with a pool id that is none",
      () => file({ ...DEPLOYED, userPoolId: "AbC123" }, "pool.json"),
      /"AbC123" is not a user pool id/,
    ],
  ])("refuses %s, saying what to run", (_name, path, message) => {
    expect(() => readStageOutputs(path(), "prod")).toThrow(StageOutputsError);
    expect(() => readStageOutputs(path(), "prod")).toThrow(message);
  });
});
