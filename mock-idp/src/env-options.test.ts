import { TOKEN_LIFETIMES } from "@cognito-dashboard/local-dev";
import { describe, expect, it } from "vitest";
import { optionsFromEnv } from "./env-options.ts";
import { resolveOptions } from "./options.ts";

describe("settings from the environment", () => {
  it("defaults: Cognito issuer, CorporateSSO, no rotation, the stack's token lifetimes", () => {
    const config = resolveOptions(optionsFromEnv({}));
    expect(config).toMatchObject({
      issuer: "cognito",
      federation: { providerName: "CorporateSSO", identifiers: ["corp.example"] },
      refreshTokenRotation: { enabled: false, retryGracePeriodSeconds: 0 },
      idTokenTtl: TOKEN_LIFETIMES.idTokenSeconds,
      accessTokenTtl: TOKEN_LIFETIMES.accessTokenSeconds,
      refreshTokenTtl: TOKEN_LIFETIMES.refreshTokenSeconds,
      scopes: ["openid", "email", "profile", "phone"],
    });
    expect(config.federatedUsers.map((u) => u.email)).toEqual(["sam.sso@corp.example"]);
  });

  it("reads the issuer mode, the provider, rotation and its grace period", () => {
    const config = resolveOptions(
      optionsFromEnv({
        MOCK_IDP_ISSUER: "local",
        MOCK_IDP_FEDERATED_PROVIDER: "Okta",
        MOCK_IDP_FEDERATED_IDENTIFIERS: "example.org, example.net",
        MOCK_IDP_REFRESH_TOKEN_ROTATION: "1",
        MOCK_IDP_REFRESH_TOKEN_GRACE: "10",
      }),
    );
    expect(config).toMatchObject({
      issuer: "local",
      federation: { providerName: "Okta", identifiers: ["example.org", "example.net"] },
      refreshTokenRotation: { enabled: true, retryGracePeriodSeconds: 10 },
    });
    const off = resolveOptions(optionsFromEnv({ MOCK_IDP_FEDERATED_PROVIDER: "off" }));
    expect(off.federation).toBeNull();
    expect(off.federatedUsers).toEqual([]);
  });

  it("names the variable of a bad value", () => {
    expect(() => optionsFromEnv({ MOCK_IDP_ISSUER: "aws" })).toThrow("MOCK_IDP_ISSUER");
    expect(() => optionsFromEnv({ MOCK_IDP_REFRESH_TOKEN_ROTATION: "yes" })).toThrow(
      "MOCK_IDP_REFRESH_TOKEN_ROTATION",
    );
    expect(() => resolveOptions(optionsFromEnv({ MOCK_IDP_ID_TOKEN_TTL: "60" }))).toThrow(
      '"idTokenTtl" must be a whole number of seconds from 300 to 86400',
    );
  });
});
