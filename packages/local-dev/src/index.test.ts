import { describe, expect, it } from "vitest";
import {
  cognitoIssuer,
  localCallbackUrls,
  localLogoutUrls,
  MOCK_IDP,
  mockJwksUri,
  mockOutboxJsonUrl,
  mockUserPoolApi,
} from "./index.ts";

describe("local-dev", () => {
  it("lists a callback and a logout URL for each registered port", () => {
    expect(localCallbackUrls()).toEqual([
      "http://localhost:3000/login/cognito/authorized",
      "http://localhost:5000/login/cognito/authorized",
      "http://localhost:8000/login/cognito/authorized",
      "http://localhost:8050/login/cognito/authorized",
    ]);
    expect(localLogoutUrls()).toEqual([
      "http://localhost:3000/",
      "http://localhost:5000/",
      "http://localhost:8000/",
      "http://localhost:8050/",
    ]);
  });

  it("builds Cognito-shaped issuer and mock JWKS URLs", () => {
    expect(cognitoIssuer("eu-west-1_abc123")).toBe(
      "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc123",
    );
    expect(mockJwksUri("http://localhost:9500/")).toBe(
      "http://localhost:9500/us-east-1_LocalMock/.well-known/jwks.json",
    );
  });

  it("points an SDK client and a script at the mock's user-pool API and outbox", () => {
    expect(mockUserPoolApi()).toEqual({
      endpoint: "http://localhost:9500",
      region: "us-east-1",
      credentials: MOCK_IDP.apiCredentials,
    });
    expect(mockUserPoolApi("http://localhost:9600/", "eu-west-1_Other1").region).toBe("eu-west-1");
    expect(mockOutboxJsonUrl("http://localhost:9500/")).toBe("http://localhost:9500/outbox.json");
  });
});
