import { MOCK_IDP, mockJwksUri } from "@cognito-dashboard/local-dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockIdp, startMockIdp } from "./index.ts";

let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
});
afterAll(() => idp.stop());

describe("discovery and JWKS", () => {
  it("serves Cognito's discovery document at the root and under the pool id", async () => {
    for (const path of [
      "/.well-known/openid-configuration",
      `/${MOCK_IDP.userPoolId}/.well-known/openid-configuration`,
    ]) {
      const response = await fetch(`${idp.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        authorization_endpoint: `${idp.url}/oauth2/authorize`,
        end_session_endpoint: `${idp.url}/logout`,
        id_token_signing_alg_values_supported: ["RS256"],
        issuer: `https://cognito-idp.${MOCK_IDP.region}.amazonaws.com/${MOCK_IDP.userPoolId}`,
        jwks_uri: mockJwksUri(idp.url),
        response_types_supported: ["code"],
        revocation_endpoint: `${idp.url}/oauth2/revoke`,
        scopes_supported: ["openid", "email", "phone", "profile"],
        subject_types_supported: ["public"],
        token_endpoint: `${idp.url}/oauth2/token`,
        token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        userinfo_endpoint: `${idp.url}/oauth2/userInfo`,
      });
    }
  });

  it("serves the same two RSA keys, in Cognito's shape, at both JWKS paths", async () => {
    expect(idp.jwksUri).toBe(mockJwksUri(idp.url));
    const pool = await (await fetch(idp.jwksUri)).json();
    const root = await (await fetch(`${idp.url}/.well-known/jwks.json`)).json();
    expect(root).toEqual(pool);
    expect(pool.keys).toHaveLength(2);
    for (const key of pool.keys) {
      expect(Object.keys(key).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
      expect(key).toMatchObject({ alg: "RS256", kty: "RSA", use: "sig" });
    }
    expect(pool.keys[0].kid).not.toBe(pool.keys[1].kid);
  });

  it("generates new keys on every start", async () => {
    const other = await startMockIdp({ port: 0, quiet: true });
    try {
      const first = await (await fetch(idp.jwksUri)).json();
      const second = await (await fetch(other.jwksUri)).json();
      expect(second.keys[0].n).not.toBe(first.keys[0].n);
    } finally {
      await other.stop();
    }
  });

  it("describes itself at / without passwords or the secret", async () => {
    const response = await fetch(`${idp.url}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Offline mock of the Amazon Cognito hosted UI");
    expect(html).toContain(idp.clientId);
    expect(html).toContain("admin@example.com");
    expect(html).not.toContain("Passw0rd!");
    expect(html).not.toContain(idp.clientSecret);
  });

  it("answers an unknown path with a 404 page, not a stack trace", async () => {
    const response = await fetch(`${idp.url}/no/such/page`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("An error was encountered with the requested page.");
  });
});
