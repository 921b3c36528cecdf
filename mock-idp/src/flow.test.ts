import { createHash, randomBytes } from "node:crypto";
import {
  cognitoIssuer,
  MOCK_IDP,
  mockJwksUri,
  TOKEN_LIFETIMES,
} from "@cognito-dashboard/local-dev";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import { type JwksCache, SimpleJwksCache } from "aws-jwt-verify/jwk";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockIdp, startMockIdp } from "./index.ts";
import {
  authorizeQuery,
  basicAuth,
  codeFrom,
  decodeJwt,
  form,
  hiddenField,
  REDIRECT_URI,
  signIn,
  TestBrowser,
  tokenRequest,
  tokensFor,
} from "./test-support.ts";

let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
});
afterAll(() => idp.stop());
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Verifiers as the app builds them: the Cognito issuer and pool id, unchanged; only the JWKS comes
 * from the mock, loaded with `cacheJwks` (aws-jwt-verify's documented way to verify offline).
 */
async function verifiers() {
  const jwks = (await (await fetch(mockJwksUri(idp.url))).json()) as Parameters<
    JwksCache["addJwks"]
  >[1];
  const id = CognitoJwtVerifier.create({
    userPoolId: idp.userPoolId,
    tokenUse: "id",
    clientId: idp.clientId,
  });
  const access = CognitoJwtVerifier.create({
    userPoolId: idp.userPoolId,
    tokenUse: "access",
    clientId: idp.clientId,
  });
  id.cacheJwks(jwks);
  access.cacheJwks(jwks);
  return { id, access };
}

function userInfo(accessToken: string): Promise<Response> {
  return fetch(`${idp.url}/oauth2/userInfo`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

describe("code flow", () => {
  it("PKCE sign-in yields Cognito-shaped tokens that CognitoJwtVerifier accepts", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const { answer, html, loginUrl } = await signIn(idp, {
      nonce: "n-456",
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    // Cognito sends the browser to /login with the authorize query string unchanged.
    expect(loginUrl.search).toBe(
      `?${authorizeQuery(idp, { nonce: "n-456", code_challenge: challenge, code_challenge_method: "S256" })}`,
    );
    expect(html).toContain('name="cognitoSignInForm"');
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get("state")).toBe("st-123");
    expect(location.searchParams.has("iss")).toBe(false);

    const token = await tokenRequest(idp, {
      grant_type: "authorization_code",
      code: codeFrom(answer),
      redirect_uri: REDIRECT_URI,
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
    expect(tokens).toMatchObject({
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIMES.accessTokenSeconds,
    });

    expect(idp.issuer).toBe(cognitoIssuer(MOCK_IDP.userPoolId));
    const { id, access } = await verifiers();
    const idClaims = await id.verify(tokens.id_token as string);
    expect(idClaims).toMatchObject({
      aud: idp.clientId,
      iss: idp.issuer,
      token_use: "id",
      email: "demo@example.com",
      email_verified: true,
      name: "Demo User",
      nonce: "n-456",
    });
    expect(idClaims.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(idClaims["cognito:username"]).toBe(idClaims.sub);
    expect(idClaims).not.toHaveProperty("cognito:groups");
    for (const claim of ["auth_time", "iat", "exp", "origin_jti", "event_id"]) {
      expect(idClaims).toHaveProperty(claim);
    }
    expect(idClaims.exp - idClaims.iat).toBe(TOKEN_LIFETIMES.idTokenSeconds);
    // at_hash: the left half of the access token's SHA-256, base64url (OIDC Core 3.1.3.6).
    const digest = createHash("sha256")
      .update(tokens.access_token as string)
      .digest();
    expect(idClaims.at_hash).toBe(digest.subarray(0, 16).toString("base64url"));

    const accessClaims = await access.verify(tokens.access_token as string);
    expect(accessClaims).toMatchObject({
      iss: idp.issuer,
      client_id: idp.clientId,
      token_use: "access",
      scope: "openid email profile",
      username: idClaims.sub,
      sub: idClaims.sub,
      origin_jti: idClaims.origin_jti,
      auth_time: idClaims.auth_time,
      version: 2,
    });
    expect(accessClaims).not.toHaveProperty("aud");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(accessClaims.jti).toMatch(uuid);
    expect(idClaims.jti).toMatch(uuid);
    expect(accessClaims.exp - accessClaims.iat).toBe(TOKEN_LIFETIMES.accessTokenSeconds);

    const idHeader = decodeJwt(tokens.id_token as string).header;
    const accessHeader = decodeJwt(tokens.access_token as string).header;
    expect(Object.keys(idHeader).sort()).toEqual(["alg", "kid"]);
    expect(Object.keys(accessHeader).sort()).toEqual(["alg", "kid"]);
    expect(idHeader.kid).not.toBe(accessHeader.kid);
  });

  it("puts groups in both tokens and accepts the email in any case, with client_secret_post", async () => {
    const { answer } = await signIn(
      idp,
      {},
      { username: "ADMIN@Example.com", password: "Passw0rd!" },
    );
    const response = await tokenRequest(
      idp,
      {
        grant_type: "authorization_code",
        code: codeFrom(answer),
        redirect_uri: REDIRECT_URI,
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
      },
      {},
    );
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as Record<string, string>;
    const { id, access } = await verifiers();
    const idClaims = await id.verify(tokens.id_token as string, { groups: "admins" });
    expect(idClaims).toMatchObject({ email: "admin@example.com", name: "Admin User" });
    expect(idClaims["cognito:groups"]).toEqual(["admins"]);
    const accessClaims = await access.verify(tokens.access_token as string, { groups: "admins" });
    expect(accessClaims["cognito:groups"]).toEqual(["admins"]);
  });

  it("omits the ID token when openid is not requested, and grants all the client's scopes when scope is omitted", async () => {
    const withoutOpenid = await tokensFor(idp, { scope: "email profile" });
    expect(withoutOpenid).not.toHaveProperty("id_token");
    expect(decodeJwt(withoutOpenid.access_token as string).payload.scope).toBe("email profile");

    const { browser } = await signIn(idp);
    const query = authorizeQuery(idp);
    query.delete("scope");
    const answer = await browser.fetch(`/oauth2/authorize?${query}`);
    const all = await tokenRequest(idp, {
      grant_type: "authorization_code",
      code: codeFrom(answer),
      redirect_uri: REDIRECT_URI,
    });
    const scope = decodeJwt(((await all.json()) as { access_token: string }).access_token).payload
      .scope as string;
    // The stack's client (APP_CLIENT_SCOPES): not aws.cognito.signin.user.admin.
    expect(scope.split(" ").sort()).toEqual(["email", "openid", "phone", "profile"]);
  });

  it("drops a scope the client does not allow, and answers invalid_scope when none is left", async () => {
    const tokens = await tokensFor(idp, { scope: "openid aws.cognito.signin.user.admin" });
    expect(decodeJwt(tokens.access_token as string).payload.scope).toBe("openid");
    const browser = new TestBrowser(idp.url);
    const answer = await browser.fetch(
      `/oauth2/authorize?${authorizeQuery(idp, { scope: "aws.cognito.signin.user.admin" })}`,
    );
    const location = new URL(answer.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get("error")).toBe("invalid_scope");
    expect(location.searchParams.get("state")).toBe("st-123");
  });

  it("silently ignores scopes Cognito does not know", async () => {
    const tokens = await tokensFor(idp, { scope: "openid offline_access made:up email" });
    expect(decodeJwt(tokens.access_token as string).payload.scope).toBe("openid email");
  });

  it("uses a code once", async () => {
    const { answer } = await signIn(idp);
    const body = {
      grant_type: "authorization_code",
      code: codeFrom(answer),
      redirect_uri: REDIRECT_URI,
    };
    expect((await tokenRequest(idp, body)).status).toBe(200);
    const again = await tokenRequest(idp, body);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: "invalid_grant" });
  });

  it("lets a code live 5 minutes", async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const first = await signIn(idp);
    const second = await signIn(idp);
    vi.setSystemTime(start + 299_000);
    const body = (answer: Response) => ({
      grant_type: "authorization_code",
      code: codeFrom(answer),
      redirect_uri: REDIRECT_URI,
    });
    expect((await tokenRequest(idp, body(first.answer))).status).toBe(200);
    vi.setSystemTime(start + 301_000);
    const late = await tokenRequest(idp, body(second.answer));
    expect(late.status).toBe(400);
    expect(await late.json()).toEqual({ error: "invalid_grant" });
  });
});

describe("aws-jwt-verify fetching the JWKS itself", () => {
  it("verifies when the JWKS cache's fetcher maps the issuer's JWKS URL to the mock", async () => {
    const asked: string[] = [];
    const jwksCache = new SimpleJwksCache({
      fetcher: {
        fetch: async (uri: string) => {
          asked.push(uri);
          return (await fetch(mockJwksUri(idp.url))).arrayBuffer();
        },
      },
    });
    const verifier = CognitoJwtVerifier.create(
      { userPoolId: idp.userPoolId, tokenUse: "access", clientId: idp.clientId },
      { jwksCache },
    );
    const tokens = await tokensFor(idp);
    await expect(verifier.verify(tokens.access_token as string)).resolves.toMatchObject({
      token_use: "access",
    });
    expect(asked).toEqual([`${idp.issuer}/.well-known/jwks.json`]);
  });
});

describe("hosted UI session", () => {
  it("makes a second authorize silent until /logout ends the session", async () => {
    const { browser, answer } = await signIn(idp);
    codeFrom(answer);
    const names = [...browser.cookies.keys()];
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((name) => name.startsWith("mockidp_"))).toBe(true);
    expect(names).toContain("mockidp_session");

    const silent = await browser.fetch(
      `/oauth2/authorize?${authorizeQuery(idp, { state: "again" })}`,
    );
    codeFrom(silent);
    expect(new URL(silent.headers.get("location") ?? "").searchParams.get("state")).toBe("again");

    const logoutUri = "http://localhost:3000/";
    const logout = await browser.fetch(
      `/logout?${new URLSearchParams({ client_id: idp.clientId, logout_uri: logoutUri })}`,
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get("location")).toBe(logoutUri);
    expect(browser.cookie("mockidp_session")).toBeUndefined();

    const afterLogout = await browser.fetch(`/oauth2/authorize?${authorizeQuery(idp)}`);
    expect(afterLogout.status).toBe(302);
    expect(new URL(afterLogout.headers.get("location") ?? "", idp.url).pathname).toBe("/login");
  });

  it("keeps tokens valid after /logout, as Cognito does", async () => {
    const { browser, answer } = await signIn(idp);
    const tokens = (await (
      await tokenRequest(idp, {
        grant_type: "authorization_code",
        code: codeFrom(answer),
        redirect_uri: REDIRECT_URI,
      })
    ).json()) as Record<string, string>;
    await browser.fetch(
      `/logout?${new URLSearchParams({ client_id: idp.clientId, logout_uri: "http://localhost:3000/" })}`,
    );
    expect((await userInfo(tokens.access_token as string)).status).toBe(200);
    const refreshed = await tokenRequest(idp, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
    });
    expect(refreshed.status).toBe(200);
  });

  it("ends the hosted UI session when the session lifetime passes", async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const { browser, answer } = await signIn(idp);
    codeFrom(answer);
    vi.setSystemTime(start + 3601_000);
    const later = await browser.fetch(`/oauth2/authorize?${authorizeQuery(idp)}`);
    expect(new URL(later.headers.get("location") ?? "", idp.url).pathname).toBe("/login");
  });
});

describe("sign-in page", () => {
  it("lets two tabs of one browser sign in at once, each back with its own state", async () => {
    const browser = new TestBrowser(idp.url);
    const loginUrls: URL[] = [];
    for (const state of ["tab-one", "tab-two"]) {
      const authorize = await browser.fetch(`/oauth2/authorize?${authorizeQuery(idp, { state })}`);
      loginUrls.push(new URL(authorize.headers.get("location") ?? "", idp.url));
    }
    // Both pages load after both authorizes, as when two tabs open at once.
    const pages = await Promise.all(
      loginUrls.map(async (url) => (await browser.fetch(url.toString())).text()),
    );
    const states: (string | null)[] = [];
    for (const [index, url] of loginUrls.entries()) {
      const answer = await browser.fetch(
        url.toString(),
        form({
          _csrf: hiddenField(pages[index] as string, "_csrf"),
          username: "demo@example.com",
          password: "Passw0rd!",
        }),
      );
      codeFrom(answer);
      states.push(new URL(answer.headers.get("location") ?? "").searchParams.get("state"));
    }
    expect(states).toEqual(["tab-one", "tab-two"]);
  });

  it("does not let another browser use a sign-in it did not start", async () => {
    const { loginUrl } = await signIn(
      idp,
      { state: "victim" },
      { username: "demo@example.com", password: "wrong" },
    );
    const other = new TestBrowser(idp.url);
    await other.fetch(`/oauth2/authorize?${authorizeQuery(idp, { state: "mine" })}`);
    // The victim's sign-in URL, opened in the other browser, shows the other browser's own one.
    const page = await (await other.fetch(loginUrl.toString())).text();
    const answer = await other.fetch(
      loginUrl.toString(),
      form({
        _csrf: hiddenField(page, "_csrf"),
        username: "admin@example.com",
        password: "Passw0rd!",
      }),
    );
    codeFrom(answer);
    expect(new URL(answer.headers.get("location") ?? "").searchParams.get("state")).toBe("mine");
  });

  it("shows the form again with Cognito's message for a wrong password, without a redirect", async () => {
    const { browser, answer, loginUrl } = await signIn(
      idp,
      {},
      { username: "demo@example.com", password: "wrong" },
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("location")).toBeNull();
    const html = await answer.text();
    expect(html).toContain("Incorrect username or password.");
    expect(html).toContain('value="demo@example.com"');
    expect(html.match(/name="cognitoSignInForm"/g)).toHaveLength(1);
    // The same form then works with the right password.
    const retry = await browser.fetch(
      loginUrl.toString(),
      form({
        _csrf: hiddenField(html, "_csrf"),
        username: "demo@example.com",
        password: "Passw0rd!",
      }),
    );
    codeFrom(retry);
  });

  it("rejects an unknown user with the same message", async () => {
    const { answer } = await signIn(
      idp,
      {},
      { username: "nobody@example.com", password: "Passw0rd!" },
    );
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("Incorrect username or password.");
  });

  it("has Cognito's field names, the offline banner and a CSRF token", async () => {
    const { html } = await signIn(idp);
    for (const fragment of [
      'id="signInFormUsername" name="username"',
      'id="signInFormPassword" name="password"',
      'name="signInSubmitButton" type="submit" value="Sign in"',
      'name="_csrf"',
      "Offline mock of the Amazon Cognito hosted UI",
    ]) {
      expect(html).toContain(fragment);
    }
  });

  it("cannot be framed, nor can the mock's error pages (clickjacking)", async () => {
    const browser = new TestBrowser(idp.url);
    const authorize = await browser.fetch(`/oauth2/authorize?${authorizeQuery(idp)}`);
    const loginUrl = new URL(authorize.headers.get("location") ?? "", idp.url);
    for (const res of [
      await browser.fetch(loginUrl.toString()),
      await fetch(`${idp.url}/oauth2/authorize?client_id=nobody`),
      await fetch(`${idp.url}/`),
    ]) {
      expect(res.headers.get("content-type")).toContain("text/html");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      await res.body?.cancel();
    }
  });

  it("refuses a POST whose _csrf does not match the cookie", async () => {
    const browser = new TestBrowser(idp.url);
    const authorize = await browser.fetch(`/oauth2/authorize?${authorizeQuery(idp)}`);
    const loginUrl = new URL(authorize.headers.get("location") ?? "", idp.url);
    await browser.fetch(loginUrl.toString());
    const forged = await browser.fetch(
      loginUrl.toString(),
      form({ _csrf: "forged", username: "demo@example.com", password: "Passw0rd!" }),
    );
    expect(forged.status).toBe(403);
    expect(forged.headers.get("location")).toBeNull();
    expect(await forged.text()).toContain("CSRF");
  });

  it("starts the sign-in from /login's own query when there is no sign-in in progress", async () => {
    const browser = new TestBrowser(idp.url);
    const response = await browser.fetch(`/login?${authorizeQuery(idp)}`);
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location") ?? "", idp.url).pathname).toBe(
      "/oauth2/authorize",
    );
  });
});

describe("refresh, revoke and userInfo", () => {
  it("refreshes into new ID and access tokens with the original auth_time and no new refresh token", async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const tokens = await tokensFor(idp);
    vi.setSystemTime(start + 600_000);
    const response = await tokenRequest(idp, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
    });
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as Record<string, string>;
    expect(Object.keys(refreshed).sort()).toEqual([
      "access_token",
      "expires_in",
      "id_token",
      "token_type",
    ]);
    const { id, access } = await verifiers();
    const before = decodeJwt(tokens.id_token as string).payload;
    const after = await id.verify(refreshed.id_token as string);
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.iat).toBeGreaterThan(before.iat as number);
    expect(after.jti).not.toBe(before.jti);
    const accessAfter = await access.verify(refreshed.access_token as string);
    expect(accessAfter.auth_time).toBe(before.auth_time);
  });

  it("revokes a refresh token: refresh then fails with invalid_grant, its access token with 401", async () => {
    const tokens = await tokensFor(idp);
    expect((await userInfo(tokens.access_token as string)).status).toBe(200);
    const revoke = await fetch(`${idp.url}/oauth2/revoke`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: basicAuth(idp),
      },
      body: new URLSearchParams({ token: tokens.refresh_token as string }),
    });
    expect(revoke.status).toBe(200);
    expect(await revoke.text()).toBe("");
    const refresh = await tokenRequest(idp, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toEqual({ error: "invalid_grant" });
    const info = await userInfo(tokens.access_token as string);
    expect(info.status).toBe(401);
    expect(info.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("answers userInfo with the user's attributes and username", async () => {
    const tokens = await tokensFor(
      idp,
      { scope: "openid email profile" },
      {
        username: "admin@example.com",
        password: "Passw0rd!",
      },
    );
    const response = await userInfo(tokens.access_token as string);
    expect(response.status).toBe(200);
    const sub = decodeJwt(tokens.id_token as string).payload.sub;
    expect(await response.json()).toEqual({
      sub,
      username: sub,
      email: "admin@example.com",
      email_verified: "true",
      name: "Admin User",
    });
  });

  it("reads the Bearer scheme in any case, as HTTP authentication schemes are", async () => {
    const tokens = await tokensFor(idp);
    for (const scheme of ["bearer", "BEARER"]) {
      const response = await fetch(`${idp.url}/oauth2/userInfo`, {
        headers: { authorization: `${scheme} ${tokens.access_token}` },
      });
      expect(response.status, scheme).toBe(200);
    }
  });

  it("refuses an expired access token at userInfo, and an expired refresh token", async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const tokens = await tokensFor(idp);
    expect(tokens.expires_in).toBe(TOKEN_LIFETIMES.accessTokenSeconds);
    expect((await userInfo(tokens.access_token as string)).status).toBe(200);
    vi.setSystemTime(start + (TOKEN_LIFETIMES.accessTokenSeconds + 1) * 1000);
    const expired = await userInfo(tokens.access_token as string);
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toBe(
      'error="invalid_token", error_description="Access token is expired, disabled, or deleted, or the user has globally signed out."',
    );
    vi.setSystemTime(start + (TOKEN_LIFETIMES.refreshTokenSeconds + 1) * 1000);
    const refresh = await tokenRequest(idp, {
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token as string,
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toEqual({ error: "invalid_grant" });
  });

  it("releases the attributes of the token's scopes at userInfo", async () => {
    const custom = await startMockIdp({
      port: 0,
      quiet: true,
      users: [
        {
          email: "ops@example.com",
          password: "Passw0rd!",
          name: "Ops",
          attributes: { phone_number: "+15555550100", "custom:tenant": "acme" },
        },
      ],
    });
    try {
      const info = async (scope: string) => {
        const tokens = await tokensFor(
          custom,
          { scope },
          { username: "ops@example.com", password: "Passw0rd!" },
        );
        const response = await fetch(`${custom.url}/oauth2/userInfo`, {
          headers: { authorization: `Bearer ${tokens.access_token}` },
        });
        return Object.keys((await response.json()) as object).sort();
      };
      const all = ["custom:tenant", "email", "email_verified", "name", "phone_number", "sub"];
      expect(await info("openid")).toEqual([...all, "username"].sort());
      expect(await info("openid email")).toEqual(["email", "email_verified", "sub", "username"]);
      expect(await info("openid profile")).toEqual(["custom:tenant", "name", "sub", "username"]);
      expect(await info("openid phone")).toEqual(["phone_number", "sub", "username"]);
    } finally {
      await custom.stop();
    }
  });
});

describe("options", () => {
  it("takes users with attributes and extra callback URLs", async () => {
    const callback = "http://localhost:4321/cb";
    const custom = await startMockIdp({
      port: 0,
      quiet: true,
      clientId: "customclient",
      clientSecret: "custom-secret-123",
      extraCallbackUrls: [callback],
      users: [
        {
          email: "Ops@Example.com",
          password: "s3cret!",
          name: "Ops Person",
          groups: ["ops", "admins"],
          email_verified: false,
          attributes: { phone_number: "+15555550100", "custom:tenant": "acme" },
        },
      ],
    });
    try {
      const { answer } = await signIn(
        custom,
        { redirect_uri: callback, scope: "openid" },
        { username: "ops@example.com", password: "s3cret!" },
      );
      expect(answer.status).toBe(302);
      const location = new URL(answer.headers.get("location") ?? "");
      expect(`${location.origin}${location.pathname}`).toBe(callback);
      const response = await tokenRequest(custom, {
        grant_type: "authorization_code",
        code: location.searchParams.get("code") ?? "",
        redirect_uri: callback,
      });
      expect(response.status).toBe(200);
      const tokens = (await response.json()) as Record<string, string>;
      const id = decodeJwt(tokens.id_token as string).payload;
      expect(id).toMatchObject({
        aud: "customclient",
        email: "Ops@Example.com",
        email_verified: false,
        phone_number: "+15555550100",
        "custom:tenant": "acme",
        "cognito:groups": ["ops", "admins"],
      });
      const info = await fetch(`${custom.url}/oauth2/userInfo`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(await info.json()).toMatchObject({
        email_verified: "false",
        phone_number: "+15555550100",
        "custom:tenant": "acme",
      });
      // The default client no longer exists on this mock.
      const unknown = await fetch(`${custom.url}/oauth2/authorize?${authorizeQuery(idp)}`, {
        redirect: "manual",
      });
      expect(unknown.status).toBe(400);
    } finally {
      await custom.stop();
    }
  });

  it("applies the ID token lifetime", async () => {
    const short = await startMockIdp({ port: 0, quiet: true, idTokenTtl: 300 });
    try {
      const tokens = await tokensFor(short);
      const { iat, exp } = decodeJwt(tokens.id_token as string).payload as {
        iat: number;
        exp: number;
      };
      expect(exp - iat).toBe(300);
    } finally {
      await short.stop();
    }
  });

  it("refuses bad options with an error naming the option", async () => {
    await expect(startMockIdp({ port: 0, userPoolId: "LocalMock" })).rejects.toThrow(
      '"userPoolId"',
    );
    await expect(startMockIdp({ port: 0, idTokenTtl: 0 })).rejects.toThrow('"idTokenTtl"');
    // Cognito's ranges: ID and access tokens 5 minutes to 1 day, refresh 1 hour to 10 years.
    await expect(startMockIdp({ port: 0, idTokenTtl: 299 })).rejects.toThrow("300 to 86400");
    await expect(startMockIdp({ port: 0, accessTokenTtl: 86_401 })).rejects.toThrow(
      '"accessTokenTtl"',
    );
    await expect(startMockIdp({ port: 0, refreshTokenTtl: 3599 })).rejects.toThrow(
      '"refreshTokenTtl"',
    );
    await expect(startMockIdp({ port: 0, refreshTokenTtl: 315_360_001 })).rejects.toThrow(
      "3600 to 315360000",
    );
    await expect(startMockIdp({ port: 0, extraCallbackUrls: ["nope"] })).rejects.toThrow(
      '"extraCallbackUrls"',
    );
    await expect(startMockIdp({ port: 0, users: [] })).rejects.toThrow("empty");
  });
});
