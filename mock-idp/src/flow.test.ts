import { createHash, randomBytes } from "node:crypto";
import { callbackUrl, cognitoIssuer, MOCK_IDP, mockJwksUri } from "@cognito-dashboard/local-dev";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockIdp, startMockIdp } from "./index.ts";
import { form, hiddenField, TestBrowser } from "./test-browser.ts";

const redirectUri = callbackUrl("http://localhost:3000");
let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
});
afterAll(() => idp.stop());

function decode(jwt: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header = "", payload = ""] = jwt.split(".");
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString()),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString()),
  };
}

function basic(): string {
  return `Basic ${Buffer.from(`${idp.clientId}:${idp.clientSecret}`).toString("base64")}`;
}

/** authorize -> /login -> sign in; returns the browser and the final redirect to the app. */
async function signIn(
  params: Record<string, string> = {},
  credentials = { username: "demo@example.com", password: "Passw0rd!" },
) {
  const browser = new TestBrowser(idp.url);
  const query = new URLSearchParams({
    response_type: "code",
    client_id: idp.clientId,
    redirect_uri: redirectUri,
    scope: "openid email profile",
    state: "st-123",
    ...params,
  });
  const authorize = await browser.fetch(`/oauth2/authorize?${query}`);
  expect(authorize.status).toBe(302);
  const loginUrl = new URL(authorize.headers.get("location") ?? "", idp.url);
  expect(loginUrl.pathname).toBe("/login");
  expect(loginUrl.search).toBe(`?${query}`);
  const page = await browser.fetch(loginUrl.toString());
  expect(page.status).toBe(200);
  const html = await page.text();
  const answer = await browser.fetch(
    loginUrl.toString(),
    form({ _csrf: hiddenField(html, "_csrf"), ...credentials }),
  );
  return { browser, answer, html };
}

function codeOf(response: Response): URL {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  return location;
}

async function exchange(body: Record<string, string>, authorization = basic()) {
  return fetch(`${idp.url}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization },
    body: new URLSearchParams(body),
  });
}

describe("code flow with PKCE", () => {
  it("signs in, exchanges the code and yields tokens that CognitoJwtVerifier accepts", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const { answer, html } = await signIn({
      nonce: "n-456",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    expect(html).toContain('name="cognitoSignInForm"');
    const location = codeOf(answer);
    expect(location.searchParams.get("state")).toBe("st-123");
    expect(location.searchParams.has("iss")).toBe(false);
    const code = location.searchParams.get("code") ?? "";

    const token = await exchange({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(token.status).toBe(200);
    const tokens = (await token.json()) as Record<string, unknown>;
    expect(Object.keys(tokens).sort()).toEqual([
      "access_token",
      "expires_in",
      "id_token",
      "refresh_token",
      "token_type",
    ]);
    expect(tokens.token_type).toBe("Bearer");
    expect(tokens.expires_in).toBe(3600);

    const jwks = await (await fetch(mockJwksUri(idp.url))).json();
    expect(idp.issuer).toBe(cognitoIssuer(MOCK_IDP.userPoolId));
    const idVerifier = CognitoJwtVerifier.create({
      userPoolId: idp.userPoolId,
      tokenUse: "id",
      clientId: idp.clientId,
    });
    idVerifier.cacheJwks(jwks);
    const idClaims = await idVerifier.verify(tokens.id_token as string);
    expect(idClaims).toMatchObject({
      aud: idp.clientId,
      iss: idp.issuer,
      token_use: "id",
      email: "demo@example.com",
      email_verified: true,
      name: "Demo User",
      nonce: "n-456",
    });
    expect(idClaims["cognito:username"]).toBe(idClaims.sub);
    expect(idClaims["cognito:groups"]).toBeUndefined();
    for (const claim of ["auth_time", "iat", "exp", "jti", "origin_jti"]) {
      expect(idClaims).toHaveProperty(claim);
    }

    const accessVerifier = CognitoJwtVerifier.create({
      userPoolId: idp.userPoolId,
      tokenUse: "access",
      clientId: idp.clientId,
    });
    accessVerifier.cacheJwks(jwks);
    const accessClaims = await accessVerifier.verify(tokens.access_token as string);
    expect(accessClaims).toMatchObject({
      client_id: idp.clientId,
      token_use: "access",
      scope: "openid email profile",
      username: idClaims.sub,
      sub: idClaims.sub,
      origin_jti: idClaims.origin_jti,
      auth_time: idClaims.auth_time,
    });
    expect(accessClaims).not.toHaveProperty("aud");

    const idHeader = decode(tokens.id_token as string).header;
    const accessHeader = decode(tokens.access_token as string).header;
    expect(Object.keys(idHeader).sort()).toEqual(["alg", "kid"]);
    expect(Object.keys(accessHeader).sort()).toEqual(["alg", "kid"]);
    expect(idHeader.kid).not.toBe(accessHeader.kid);
  });
});
