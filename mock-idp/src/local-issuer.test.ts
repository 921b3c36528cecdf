/**
 * The local issuer mode, with a certified relying party: openid-client 6 finds the mock by OIDC
 * discovery under its issuer and runs code + PKCE, refresh, userInfo and revocation, unpatched.
 */
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockIdp, startMockIdp } from "./index.ts";
import { form, hiddenField, REDIRECT_URI, TestBrowser } from "./test-support.ts";

let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true, issuer: "local" });
});
afterAll(() => idp.stop());

/** openid-client's configuration for the mock's app client, found by discovery. */
function discover(issuer: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), idp.clientId, idp.clientSecret, undefined, {
    // The mock is plain HTTP on localhost; openid-client requires this to talk to it.
    execute: [oidc.allowInsecureRequests],
  });
}

/** A person at the hosted UI: opens the URL, signs in, and ends at the app's callback. */
async function signInAt(url: URL): Promise<URL> {
  const browser = new TestBrowser(idp.url);
  const page = await browser.follow(url.toString());
  expect(new URL(page.url).pathname).toBe("/login");
  const html = await page.text();
  const answer = await browser.fetch(
    page.url,
    form({
      _csrf: hiddenField(html, "_csrf"),
      username: "demo@example.com",
      password: "Passw0rd!",
    }),
  );
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get("location") ?? "");
}

describe("local issuer mode with openid-client", () => {
  it("has the mock's own URL as issuer, in discovery and tokens", async () => {
    expect(idp.issuer).toBe(`${idp.url}/${idp.userPoolId}`);
    const config = await discover(idp.issuer);
    expect(config.serverMetadata()).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.url}/oauth2/authorize`,
      token_endpoint: `${idp.url}/oauth2/token`,
      userinfo_endpoint: `${idp.url}/oauth2/userInfo`,
      revocation_endpoint: `${idp.url}/oauth2/revoke`,
      jwks_uri: `${idp.url}/${idp.userPoolId}/.well-known/jwks.json`,
    });
  });

  it("code + PKCE, ID token checks, userInfo, refresh and revocation", async () => {
    const config = await discover(idp.issuer);
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: "openid email profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    const callback = await signInAt(authorize);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: idp.issuer, aud: idp.clientId, email: "demo@example.com" });
    expect(tokens.refresh_token?.split(".")).toHaveLength(5);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
    expect(info).toMatchObject({ sub: claims?.sub, email: "demo@example.com" });

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(refreshed.claims()?.sub).toBe(claims?.sub);
    expect(refreshed.access_token).not.toBe(tokens.access_token);

    await oidc.tokenRevocation(config, tokens.refresh_token as string);
    await expect(
      oidc.refreshTokenGrant(config, tokens.refresh_token as string),
    ).rejects.toMatchObject({ error: "invalid_grant", status: 400 });
  });

  it("is why the mode exists: with Cognito's issuer, discovery at the mock fails the issuer check", async () => {
    const cognitoShaped = await startMockIdp({ port: 0, quiet: true });
    try {
      await expect(
        oidc.discovery(
          new URL(`${cognitoShaped.url}/${cognitoShaped.userPoolId}`),
          cognitoShaped.clientId,
          cognitoShaped.clientSecret,
          undefined,
          { execute: [oidc.allowInsecureRequests] },
        ),
      ).rejects.toThrow(/issuer/);
    } finally {
      await cognitoShaped.stop();
    }
  });
});
