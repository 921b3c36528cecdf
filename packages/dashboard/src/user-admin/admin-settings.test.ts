import { MOCK_IDP } from "@cognito-dashboard/local-dev";
import { describe, expect, it } from "vitest";
import { MOCK_CREDENTIALS, userAdminSettings } from "./admin-settings.ts";

describe("userAdminSettings", () => {
  it("sends the calls to the mock's own port when the hosted UI is the mock, with the mock's keys", () => {
    expect(
      userAdminSettings({ domain: "http://localhost:9500", userPoolId: MOCK_IDP.userPoolId }, {}),
    ).toEqual({
      userPoolId: MOCK_IDP.userPoolId,
      region: MOCK_IDP.region,
      endpoint: "http://localhost:9500",
      credentials: MOCK_CREDENTIALS,
    });
    expect(
      userAdminSettings({ domain: "http://127.0.0.1:41234", userPoolId: "eu-west-1_Abc" }, {})
        .endpoint,
    ).toBe("http://127.0.0.1:41234");
  });

  it("leaves a real pool to the SDK: its region, its credential chain, AWS's endpoint", () => {
    expect(
      userAdminSettings(
        { domain: { prefix: "dash-prod", region: "eu-west-1" }, userPoolId: "eu-west-1_AbC123" },
        {},
      ),
    ).toEqual({ userPoolId: "eu-west-1_AbC123" });
    expect(
      userAdminSettings({ domain: "https://auth.example.com", userPoolId: "eu-west-1_AbC123" }, {}),
    ).toEqual({ userPoolId: "eu-west-1_AbC123" });
  });

  it("lets an explicit SDK endpoint win over the mock", () => {
    const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://localhost:4566" };
    expect(
      userAdminSettings({ domain: "http://localhost:9500", userPoolId: MOCK_IDP.userPoolId }, env),
    ).toEqual({ userPoolId: MOCK_IDP.userPoolId });
  });
});
