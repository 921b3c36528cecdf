import { createHash, randomBytes } from "node:crypto";
import { localLogoutUrls } from "@cognito-dashboard/local-dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockIdp, startMockIdp } from "./index.ts";
import {
  authorizeQuery,
  basicAuth,
  codeFrom,
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

/** Asserts an HTML error page: 400 (unless said), no redirect, the text, no stack trace. */
async function expectErrorPage(response: Response, text: string, status = 400): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("location")).toBeNull();
  expect(response.headers.get("content-type")).toContain("text/html");
  const html = await response.text();
  expect(html).toContain(text);
  expect(html).not.toMatch(/\bat .+\.(js|ts):\d+/);
  return html;
}

function authorize(params: URLSearchParams): Promise<Response> {
  return fetch(`${idp.url}/oauth2/authorize?${params}`, { redirect: "manual" });
}

function appError(response: Response): URLSearchParams {
  expect(response.status).toBe(302);
  const location = response.headers.get("location") ?? "";
  expect(location.startsWith(`${REDIRECT_URI}?`)).toBe(true);
  return new URL(location).searchParams;
}

describe("authorize errors shown to the user", () => {
  it("never redirects to an unregistered redirect_uri", async () => {
    for (const uri of [
      "http://localhost:3000/login/cognito/authorized/",
      "http://localhost:3001/login/cognito/authorized",
      "https://evil.example/callback",
    ]) {
      const html = await expectErrorPage(
        await authorize(authorizeQuery(idp, { redirect_uri: uri })),
        "An error was encountered with the requested page.",
      );
      expect(html).toContain("redirect_mismatch");
    }
  });

  it("shows an error page for an unknown client_id", async () => {
    const html = await expectErrorPage(
      await authorize(authorizeQuery(idp, { client_id: "nosuchclient" })),
      "An error was encountered with the requested page.",
    );
    expect(html).toContain("invalid_client");
  });

  it("shows 'Required parameters missing' without client_id or redirect_uri", async () => {
    for (const missing of ["client_id", "redirect_uri"]) {
      const query = authorizeQuery(idp);
      query.delete(missing);
      await expectErrorPage(await authorize(query), "Required parameters missing");
    }
  });

  it("sends invalid_request to the app for a missing response_type or a bad PKCE method", async () => {
    const noType = authorizeQuery(idp);
    noType.delete("response_type");
    const first = appError(await authorize(noType));
    expect(first.get("error")).toBe("invalid_request");
    expect(first.get("state")).toBe("st-123");
    expect(first.has("iss")).toBe(false);

    const plain = appError(
      await authorize(
        authorizeQuery(idp, { code_challenge: "a".repeat(43), code_challenge_method: "plain" }),
      ),
    );
    expect(plain.get("error")).toBe("invalid_request");
  });

  it("refuses the implicit flow on the code-only client as Cognito does: ?error=unauthorized_client", async () => {
    const response = await authorize(authorizeQuery(idp, { response_type: "token" }));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.hash).toBe("");
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: "unauthorized_client",
      state: "st-123",
    });
    // Not to an unregistered redirect_uri, though.
    const elsewhere = await authorize(
      authorizeQuery(idp, { response_type: "token", redirect_uri: "http://localhost:3000/x" }),
    );
    expect(elsewhere.status).toBe(400);
  });

  it("shows an error page for POST /login without a sign-in in progress", async () => {
    const response = await fetch(`${idp.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=demo%40example.com&password=x",
      redirect: "manual",
    });
    await expectErrorPage(response, "An error was encountered with the requested page.");
  });
});

describe("token endpoint errors", () => {
  async function expectTokenError(response: Response, error: string, status = 400): Promise<void> {
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({ error });
  }

  it("answers a wrong client secret or unknown client with invalid_client", async () => {
    const body = { grant_type: "authorization_code", code: "x", redirect_uri: REDIRECT_URI };
    await expectTokenError(
      await tokenRequest(idp, body, { authorization: basicAuth(idp, "wrong-secret") }),
      "invalid_client",
    );
    await expectTokenError(
      await tokenRequest(idp, { ...body, client_id: "nosuchclient", client_secret: "x" }, {}),
      "invalid_client",
    );
    await expectTokenError(await tokenRequest(idp, body, {}), "invalid_request");
  });

  it("answers a missing code with invalid_request and an unknown code with invalid_grant", async () => {
    await expectTokenError(
      await tokenRequest(idp, { grant_type: "authorization_code", redirect_uri: REDIRECT_URI }),
      "invalid_request",
    );
    await expectTokenError(
      await tokenRequest(idp, {
        grant_type: "authorization_code",
        code: "not-a-code",
        redirect_uri: REDIRECT_URI,
      }),
      "invalid_grant",
    );
  });

  it("answers a wrong PKCE verifier with invalid_grant", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const { answer } = await signIn(idp, {
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    await expectTokenError(
      await tokenRequest(idp, {
        grant_type: "authorization_code",
        code: codeFrom(answer),
        redirect_uri: REDIRECT_URI,
        code_verifier: randomBytes(32).toString("base64url"),
      }),
      "invalid_grant",
    );
  });

  it("answers a missing PKCE verifier with invalid_grant when authorize had a challenge (no downgrade)", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const { answer } = await signIn(idp, {
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    const code = codeFrom(answer);
    await expectTokenError(
      await tokenRequest(idp, {
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT_URI,
      }),
      "invalid_grant",
    );
  });

  it("answers a redirect_uri that differs from the authorize one with unauthorized_client", async () => {
    const { answer } = await signIn(idp);
    await expectTokenError(
      await tokenRequest(idp, {
        grant_type: "authorization_code",
        code: codeFrom(answer),
        redirect_uri: "http://localhost:5000/login/cognito/authorized",
      }),
      "unauthorized_client",
    );
  });

  it("answers client_credentials with unauthorized_client, other grant types with unsupported_grant_type, and a bad refresh token with invalid_grant", async () => {
    await expectTokenError(
      await tokenRequest(idp, { grant_type: "client_credentials" }),
      "unauthorized_client",
    );
    await expectTokenError(
      await tokenRequest(idp, { grant_type: "password", username: "a", password: "b" }),
      "unsupported_grant_type",
    );
    for (const refreshToken of ["nope", "a.b.c.d.e", `${"x".repeat(60)}.y.z.w.v`]) {
      await expectTokenError(
        await tokenRequest(idp, { grant_type: "refresh_token", refresh_token: refreshToken }),
        "invalid_grant",
      );
    }
  });

  it("accepts only POST at token and revoke, only GET at authorize", async () => {
    for (const path of ["/oauth2/token", "/oauth2/revoke"]) {
      const response = await fetch(`${idp.url}${path}`);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.json()).toEqual({ error: "invalid_request" });
    }
    const post = await fetch(`${idp.url}/oauth2/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: authorizeQuery(idp),
      redirect: "manual",
    });
    await expectErrorPage(post, "An error was encountered with the requested page.", 405);
  });
});

describe("CORS at the token endpoint", () => {
  it("lets the app's own origins read answers, and refuses other origins", async () => {
    const call = (origin: string) =>
      tokenRequest(
        idp,
        { grant_type: "refresh_token", refresh_token: "x" },
        { authorization: basicAuth(idp), origin },
      );
    const own = await call("http://localhost:3000");
    expect(own.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(await own.json()).toEqual({ error: "invalid_grant" });
    const foreign = await call("https://evil.example");
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("revoke endpoint errors", () => {
  function revoke(body: Record<string, string>, authorization = basicAuth(idp)): Promise<Response> {
    return fetch(`${idp.url}/oauth2/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization },
      body: new URLSearchParams(body),
    });
  }

  it("answers 200 for a token it does not know", async () => {
    const response = await revoke({ token: "unknown-token" });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("answers invalid_request without a token, unsupported_token_type for an access token", async () => {
    const missing = await revoke({});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: "invalid_request" });
    const tokens = await tokensFor(idp);
    const access = await revoke({ token: tokens.access_token as string });
    expect(access.status).toBe(400);
    expect(await access.json()).toEqual({ error: "unsupported_token_type" });
  });

  it("answers 401 invalid_client for a wrong secret", async () => {
    const response = await revoke({ token: "x" }, basicAuth(idp, "wrong-secret"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "invalid_client" });
  });
});

describe("userInfo errors", () => {
  it("answers 400 invalid_request without a bearer token", async () => {
    for (const headers of [{}, { authorization: "Basic abc" }] as Record<string, string>[]) {
      const response = await fetch(`${idp.url}/oauth2/userInfo`, { headers });
      expect(response.status).toBe(400);
      expect(response.headers.get("www-authenticate")).toBe(
        'error="invalid_request", error_description="Bad OAuth2 request at UserInfo Endpoint"',
      );
    }
  });

  it("answers 401 invalid_token for a forged, foreign or ID token", async () => {
    const tokens = await tokensFor(idp);
    const [header, payload] = (tokens.access_token as string).split(".");
    const forged = `${header}.${payload}.${Buffer.from("bad").toString("base64url")}`;
    for (const token of [forged, "abc.def.ghi", tokens.id_token as string]) {
      const response = await fetch(`${idp.url}/oauth2/userInfo`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });
});

describe("logout errors", () => {
  function logout(params: Record<string, string>, browser = new TestBrowser(idp.url)) {
    return browser.fetch(`/logout?${new URLSearchParams(params)}`);
  }

  it("shows Cognito's error page for a logout_uri that is not registered exactly", async () => {
    for (const logoutUri of [
      "http://localhost:3000",
      "http://localhost:3000/x",
      "https://evil.example/",
    ]) {
      await expectErrorPage(
        await logout({ client_id: idp.clientId, logout_uri: logoutUri }),
        "Required String parameter &#39;redirect_uri&#39; is not present",
      );
    }
  });

  it("keeps the session when logout_uri is refused", async () => {
    const { browser, answer } = await signIn(idp);
    codeFrom(answer);
    await logout({ client_id: idp.clientId, logout_uri: "https://evil.example/" }, browser);
    const silent = await browser.fetch(`/oauth2/authorize?${authorizeQuery(idp)}`);
    codeFrom(silent);
  });

  it("shows Cognito's error pages for a missing client_id, an unknown one, or no destination", async () => {
    await expectErrorPage(
      await logout({ logout_uri: localLogoutUrls()[0] as string }),
      "Required String parameter &#39;client_id&#39; is not present",
    );
    await expectErrorPage(
      await logout({ client_id: "nosuchclient", logout_uri: localLogoutUrls()[0] as string }),
      "An error was encountered with the requested page.",
    );
    await expectErrorPage(
      await logout({ client_id: idp.clientId }),
      "Required String parameter &#39;redirect_uri&#39; is not present",
    );
  });

  it("supports the redirect_uri + response_type form: ends the session and shows the sign-in page", async () => {
    const { browser, answer } = await signIn(idp);
    codeFrom(answer);
    const response = await logout(
      { client_id: idp.clientId, redirect_uri: REDIRECT_URI, response_type: "code", state: "s2" },
      browser,
    );
    expect(response.status).toBe(302);
    const next = new URL(response.headers.get("location") ?? "", idp.url);
    expect(next.pathname).toBe("/login");
    expect(next.searchParams.get("state")).toBe("s2");
    // The session is gone, so following the redirect ends at the sign-in form.
    const page = await browser.follow(next.toString());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="cognitoSignInForm"');

    await expectErrorPage(
      await logout({
        client_id: idp.clientId,
        redirect_uri: "https://evil.example/",
        response_type: "code",
      }),
      "Required String parameter &#39;redirect_uri&#39; is not present",
    );
  });
});
