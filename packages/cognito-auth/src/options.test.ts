import { describe, expect, it } from "vitest";
import { CognitoAuthOptionError } from "./errors.ts";
import {
  type CognitoAuthOptions,
  hostedUiOrigin,
  resolveOptions,
  userPoolRegion,
  validateClientSettings,
  validateCognitoAuthOptions,
} from "./options.ts";

const VALID: CognitoAuthOptions = {
  domain: "http://localhost:9500",
  userPoolId: "us-east-1_LocalMock",
  clientId: "localmockclient0000dashbrd",
  clientSecret: "secret",
  sessionSecrets: ["0123456789abcdef0123456789abcdef"],
};

describe("resolveOptions", () => {
  it("fills the documented defaults", () => {
    expect(resolveOptions(VALID)).toMatchObject({
      domain: "http://localhost:9500",
      issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalMock",
      jwksUri:
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalMock/.well-known/jwks.json",
      scopes: ["openid", "email", "profile"],
      publicPaths: ["/healthz", "/static/*", "/favicon.ico"],
      apiPrefix: "/api",
      sessionTtlSeconds: 28_800,
      baseUrl: undefined,
    });
  });

  it("accepts a prefix domain, a custom domain and a trailing slash", () => {
    const prefix = resolveOptions({ ...VALID, domain: { prefix: "my-app", region: "eu-west-1" } });
    expect(prefix.domain).toBe("https://my-app.auth.eu-west-1.amazoncognito.com");
    expect(resolveOptions({ ...VALID, domain: "https://auth.example.com/" }).domain).toBe(
      "https://auth.example.com",
    );
  });

  it("accepts an explicit null secret (public client)", () => {
    expect(resolveOptions({ ...VALID, clientSecret: null }).clientSecret).toBeNull();
  });

  const bad: [string, Partial<Record<keyof CognitoAuthOptions, unknown>>][] = [
    ["domain", { domain: "auth.example.com" }],
    ["domain", { domain: "http://auth.example.com" }],
    ["domain", { domain: "https://auth.example.com/path" }],
    ["domain", { domain: "https://user:pw@auth.example.com" }],
    ["domain", { domain: 42 }],
    ["domain.prefix", { domain: { prefix: "Bad_Prefix", region: "eu-west-1" } }],
    ["domain.region", { domain: { prefix: "ok", region: "europe" } }],
    ["userPoolId", { userPoolId: "LocalMock" }],
    ["clientId", { clientId: "" }],
    ["clientId", { clientId: "has space" }],
    ["clientSecret", { clientSecret: undefined }],
    ["clientSecret", { clientSecret: "" }],
    ["sessionSecrets", { sessionSecrets: [] }],
    ["sessionSecrets", { sessionSecrets: ["short"] }],
    ["sessionSecrets", { sessionSecrets: "0123456789abcdef0123456789abcdef" }],
    ["scopes", { scopes: ["email", "profile"] }],
    ["scopes", { scopes: ["openid", "two words"] }],
    ["jwksUri", { jwksUri: "not a url" }],
    ["publicPaths", { publicPaths: ["healthz"] }],
    ["publicPaths", { publicPaths: ["/a*/b"] }],
    ["apiPrefix", { apiPrefix: "api" }],
    ["apiPrefix", { apiPrefix: "/api/" }],
    ["sessionTtlSeconds", { sessionTtlSeconds: 0 }],
    ["sessionTtlSeconds", { sessionTtlSeconds: 1.5 }],
    ["baseUrl", { baseUrl: "https://dash.example.com/app" }],
  ];
  it.each(bad)(
    "throws a CognitoAuthOptionError naming %s, as data and in words",
    (name, override) => {
      const options = { ...VALID, ...override } as CognitoAuthOptions;
      const err = (() => {
        try {
          resolveOptions(options);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(CognitoAuthOptionError);
      expect((err as CognitoAuthOptionError).option).toBe(name);
      expect((err as CognitoAuthOptionError).message).toBe(
        `cognitoAuth: option "${name}" ${(err as CognitoAuthOptionError).problem}`,
      );
    },
  );

  it("validates lazy options, clientBinding included, without the client's settings", () => {
    const { domain: _d, clientId: _i, clientSecret: _s, ...common } = VALID;
    const lazy = { ...common, clientSettings: async () => VALID, clientBinding: "dashboard" };
    expect(() => validateCognitoAuthOptions(lazy)).not.toThrow();
    expect(() => validateCognitoAuthOptions({ ...lazy, clientBinding: "" })).toThrow(
      expect.objectContaining({ option: "clientBinding" }),
    );
    expect(() => validateCognitoAuthOptions({ ...VALID, userPoolId: "x" })).toThrow(
      expect.objectContaining({ option: "userPoolId" }),
    );
  });

  it("checks the client settings that are known, naming the bad one", () => {
    expect(() => validateClientSettings({ clientId: "abc123" })).not.toThrow();
    expect(() => validateClientSettings({ domain: "https://auth.example.com/" })).not.toThrow();
    expect(() => validateClientSettings({ clientId: "has space" })).toThrow(
      expect.objectContaining({ option: "clientId" }),
    );
    expect(() => validateClientSettings({ domain: "http://auth.example.com" })).toThrow(
      expect.objectContaining({ option: "domain" }),
    );
  });

  it("reads the region of a user pool id, and nothing of anything else", () => {
    expect(userPoolRegion("eu-west-1_AbC123")).toBe("eu-west-1");
    expect(userPoolRegion("us-gov-west-1_X")).toBe("us-gov-west-1");
    expect(userPoolRegion("AbC123")).toBeUndefined();
  });

  it("builds the hosted UI's origin from a URL or a prefix domain, and refuses a bad one", () => {
    expect(hostedUiOrigin("http://localhost:9500")).toBe("http://localhost:9500");
    expect(hostedUiOrigin({ prefix: "my-app", region: "eu-west-1" })).toBe(
      "https://my-app.auth.eu-west-1.amazoncognito.com",
    );
    expect(() => hostedUiOrigin("http://auth.example.com")).toThrow(CognitoAuthOptionError);
  });
});
