import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";
import { MOCK_IDP, mockJwksUri } from "@cognito-dashboard/local-dev";
import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig } from "./resolve-config.ts";

const SECRET_A = "a".repeat(32);
const SECRET_B = "b".repeat(40);
const noSst = async () => undefined;

const FULL_ENV = {
  COGNITO_DOMAIN: "https://auth.example.com",
  COGNITO_USER_POOL_ID: "eu-west-1_AbC123",
  COGNITO_CLIENT_ID: "abcdefghijklmnopqrstuvwxyz",
  COGNITO_CLIENT_SECRET: "shh-client-secret",
  SESSION_SECRET: SECRET_A,
};

async function refusal(env: Record<string, string | undefined>): Promise<ConfigError> {
  const err = await resolveConfig({ env, fromSst: noSst }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe("resolveConfig from the environment", () => {
  it("reads a full-URL domain and every required variable", async () => {
    const config = await resolveConfig({ env: FULL_ENV, fromSst: noSst });
    expect(config.source).toBe("environment");
    expect(config.warnings).toEqual([]);
    expect(config.auth).toEqual({
      domain: "https://auth.example.com",
      userPoolId: "eu-west-1_AbC123",
      clientId: "abcdefghijklmnopqrstuvwxyz",
      clientSecret: "shh-client-secret",
      sessionSecrets: [SECRET_A],
    });
  });

  it("reads a prefix domain with its region", async () => {
    const env = { ...FULL_ENV, COGNITO_DOMAIN: "my-app-prod", COGNITO_REGION: "eu-west-1" };
    const config = await resolveConfig({ env, fromSst: noSst });
    expect(config.auth).toMatchObject({ domain: { prefix: "my-app-prod", region: "eu-west-1" } });
  });

  it("splits SESSION_SECRET on commas for rotation, first one first", async () => {
    const env = { ...FULL_ENV, SESSION_SECRET: ` ${SECRET_B} , ${SECRET_A}` };
    const config = await resolveConfig({ env, fromSst: noSst });
    expect(config.auth.sessionSecrets).toEqual([SECRET_B, SECRET_A]);
  });

  it("takes COGNITO_CLIENT_SECRET=none as a public client, and the optional settings", async () => {
    const env = {
      ...FULL_ENV,
      COGNITO_CLIENT_SECRET: "none",
      COGNITO_JWKS_URI: "https://keys.example.com/jwks.json",
      BASE_URL: "https://dash.example.com/",
      SESSION_TTL_SECONDS: "3600",
      COGNITO_SCOPES: "openid email",
    };
    const { auth } = await resolveConfig({ env, fromSst: noSst });
    expect(auth).toMatchObject({ clientSecret: null });
    expect(auth.jwksUri).toBe("https://keys.example.com/jwks.json");
    expect(auth.baseUrl).toBe("https://dash.example.com");
    expect(auth.sessionTtlSeconds).toBe(3600);
    expect(auth.scopes).toEqual(["openid", "email"]);
  });

  it("refuses a partial configuration, naming what is missing", async () => {
    const err = await refusal({
      COGNITO_DOMAIN: "https://auth.example.com",
      SESSION_SECRET: SECRET_A,
    });
    expect(err.setting).toBe("COGNITO_USER_POOL_ID");
    expect(err.message).toBe(
      "COGNITO_USER_POOL_ID: is missing, and so are COGNITO_CLIENT_ID and COGNITO_CLIENT_SECRET. " +
        "COGNITO_DOMAIN is set, so the dashboard signs in with Cognito and needs them all " +
        "(or unset every COGNITO_* variable to use the mock IdP).",
    );
    const one = await refusal({ ...FULL_ENV, COGNITO_CLIENT_SECRET: " " });
    expect(one.message).toBe(
      "COGNITO_CLIENT_SECRET: is missing. COGNITO_DOMAIN, COGNITO_USER_POOL_ID and " +
        "COGNITO_CLIENT_ID are set, so the dashboard signs in with Cognito and needs them all " +
        "(or unset every COGNITO_* variable to use the mock IdP).",
    );
  });

  it("refuses Cognito settings without SESSION_SECRET", async () => {
    const { SESSION_SECRET: _, ...env } = FULL_ENV;
    expect((await refusal(env)).setting).toBe("SESSION_SECRET");
  });

  it.each([
    [{ COGNITO_DOMAIN: "My_Domain!" }, "COGNITO_DOMAIN"],
    [{ COGNITO_DOMAIN: "ftp://auth.example.com" }, "COGNITO_DOMAIN"],
    [{ COGNITO_DOMAIN: "https://" }, "COGNITO_DOMAIN"],
    [{ COGNITO_DOMAIN: "my-app" }, "COGNITO_REGION"],
    [{ COGNITO_DOMAIN: "my-app", COGNITO_REGION: "europe" }, "COGNITO_REGION"],
    [{ COGNITO_USER_POOL_ID: "AbC123" }, "COGNITO_USER_POOL_ID"],
    [{ COGNITO_CLIENT_ID: "has spaces" }, "COGNITO_CLIENT_ID"],
    [{ COGNITO_JWKS_URI: "not a url" }, "COGNITO_JWKS_URI"],
    // The middleware would refuse these too, but its message would not name the variable.
    [{ COGNITO_DOMAIN: "http://auth.example.com" }, "COGNITO_DOMAIN"],
    [{ COGNITO_DOMAIN: "https://auth.example.com/oauth2" }, "COGNITO_DOMAIN"],
    [{ COGNITO_JWKS_URI: "http://keys.example.com/jwks.json" }, "COGNITO_JWKS_URI"],
    [{ SESSION_SECRET: "too-short" }, "SESSION_SECRET"],
    [{ SESSION_SECRET: `${SECRET_A},short` }, "SESSION_SECRET"],
    [{ BASE_URL: "https://dash.example.com/app" }, "BASE_URL"],
    [{ SESSION_TTL_SECONDS: "1h" }, "SESSION_TTL_SECONDS"],
    [{ COGNITO_SCOPES: "email profile" }, "COGNITO_SCOPES"],
  ])("refuses %j, naming %s", async (override, setting) => {
    const err = await refusal({ ...FULL_ENV, ...override });
    expect(err.setting).toBe(setting);
    expect(err.message.startsWith(`${setting}: `)).toBe(true);
  });

  it("never echoes a secret in its messages", async () => {
    const err = await refusal({ ...FULL_ENV, SESSION_SECRET: `${SECRET_A},tiny-but-secret` });
    expect(err.message).not.toContain("tiny-but-secret");
    expect(err.message).not.toContain(SECRET_A);
  });
});

describe("resolveConfig without environment settings", () => {
  it("uses the SST-linked resources when there are some", async () => {
    const sst: CognitoAuthOptions = {
      domain: { prefix: "dash-prod", region: "eu-west-1" },
      userPoolId: "eu-west-1_Pool1",
      clientId: "client1",
      clientSecret: "from-discovery",
      sessionSecrets: [SECRET_B],
    };
    const config = await resolveConfig({ env: {}, fromSst: async () => sst });
    expect(config.source).toBe("sst");
    expect(config.auth).toEqual(sst);
  });

  it("prefers the environment over SST", async () => {
    let asked = false;
    const fromSst = async () => {
      asked = true;
      return undefined;
    };
    expect((await resolveConfig({ env: FULL_ENV, fromSst })).source).toBe("environment");
    expect(asked).toBe(false);
  });

  it("falls back to the mock IdP's defaults with a random session secret and one warning", async () => {
    const first = await resolveConfig({ env: {}, fromSst: noSst });
    const second = await resolveConfig({ env: {}, fromSst: noSst });
    expect(first.source).toBe("mock");
    expect(first.auth).toMatchObject({
      domain: `http://localhost:${MOCK_IDP.port}`,
      userPoolId: MOCK_IDP.userPoolId,
      clientId: MOCK_IDP.clientId,
      clientSecret: MOCK_IDP.clientSecret,
      jwksUri: mockJwksUri(`http://localhost:${MOCK_IDP.port}`),
    });
    expect(first.auth.sessionSecrets[0]?.length).toBeGreaterThanOrEqual(32);
    expect(first.auth.sessionSecrets).not.toEqual(second.auth.sessionSecrets);
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toContain("SESSION_SECRET");
  });

  it("refuses a MOCK_IDP_URL that is plain http beyond localhost, naming it", async () => {
    expect((await refusal({ MOCK_IDP_URL: "http://10.0.0.5:9500" })).setting).toBe("MOCK_IDP_URL");
  });

  it("points the mock defaults elsewhere with MOCK_IDP_URL and keeps a given SESSION_SECRET", async () => {
    const env = { MOCK_IDP_URL: "http://localhost:9600/", SESSION_SECRET: SECRET_A };
    const config = await resolveConfig({ env, fromSst: noSst });
    expect(config.auth).toMatchObject({ domain: "http://localhost:9600" });
    expect(config.auth.jwksUri).toBe(mockJwksUri("http://localhost:9600"));
    expect(config.auth.sessionSecrets).toEqual([SECRET_A]);
    expect(config.warnings).toEqual([]);
  });

  it("refuses a malformed MOCK_IDP_URL", async () => {
    expect((await refusal({ MOCK_IDP_URL: "localhost:9500" })).setting).toBe("MOCK_IDP_URL");
  });

  it("refuses to fall back to the mock where it is not allowed (on AWS Lambda)", async () => {
    const err = await resolveConfig({ env: {}, fromSst: noSst, allowMock: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
  });
});
