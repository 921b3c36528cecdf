/**
 * The federated identity provider ("CorporateSSO" by default): its button, `identity_provider`
 * and `idp_identifier`, the user it lands (Cognito's `identities` claim and provider-prefixed
 * username), and Cognito's answer to a provider the client does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockIdp, startMockIdp } from "./index.ts";
import {
  authorizeQuery,
  codeFrom,
  decodeJwt,
  form,
  hiddenField,
  REDIRECT_URI,
  TestBrowser,
  tokenRequest,
} from "./test-support.ts";

let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({
    port: 0,
    quiet: true,
    users: [
      { email: "demo@example.com", password: "Passw0rd!", name: "Demo" },
      { email: "sam@corp.example", name: "Sam Sso", federated: true, providerUserId: "sam01" },
      { email: "boss@corp.example", name: "Boss", federated: true, groups: ["admins"] },
    ],
  });
});
afterAll(() => idp.stop());

/** authorize with `params`, following the mock's redirects until a page or the app. */
async function start(params: Record<string, string>, browser = new TestBrowser(idp.url)) {
  const answer = await browser.follow(`/oauth2/authorize?${authorizeQuery(idp, params)}`);
  return { browser, answer, html: await answer.text(), url: new URL(answer.url) };
}

/** Chooses a user on the provider's page and exchanges the code. */
async function signInAt(
  browser: TestBrowser,
  providerPage: string,
  pageUrl: string,
  userId: string,
) {
  const answer = await browser.fetch(
    pageUrl,
    form({ _csrf: hiddenField(providerPage, "_csrf"), user: userId }),
  );
  const response = await tokenRequest(idp, {
    grant_type: "authorization_code",
    code: codeFrom(answer),
    redirect_uri: REDIRECT_URI,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, string>;
}

describe("the federated provider", () => {
  it("shows its button on the sign-in page, pointing at authorize with identity_provider", async () => {
    const { html } = await start({});
    expect(html).toContain("Sign in with your corporate ID");
    const href = /id="idpButton" href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
    const target = new URL(href ?? "", idp.url);
    expect(target.pathname).toBe("/oauth2/authorize");
    expect(target.searchParams.get("identity_provider")).toBe("CorporateSSO");
    expect(target.searchParams.get("state")).toBe("st-123");
  });

  it("identity_provider skips the sign-in page: the provider's page, then the app with a code", async () => {
    const authorize = await new TestBrowser(idp.url).fetch(
      `/oauth2/authorize?${authorizeQuery(idp, { identity_provider: "CorporateSSO" })}`,
    );
    expect(authorize.status).toBe(302);
    expect(authorize.headers.get("location")).toMatch(/^\/login\/federated\?/);

    const { browser, html, answer } = await start({ identity_provider: "CorporateSSO" });
    expect(html).toContain("<h1>CorporateSSO</h1>");
    expect(html).toContain("Sam Sso &lt;sam@corp.example&gt;");
    const tokens = await signInAt(browser, html, answer.url, "sam01");
    const id = decodeJwt(tokens.id_token as string).payload;
    expect(id["cognito:username"]).toBe("CorporateSSO_sam01");
    expect(id.email).toBe("sam@corp.example");
    expect(id["cognito:groups"]).toEqual([`${idp.userPoolId}_CorporateSSO`]);
    expect(id.identities).toEqual([
      {
        userId: "sam01",
        providerName: "CorporateSSO",
        providerType: "OIDC",
        issuer: null,
        primary: "true",
        dateCreated: expect.stringMatching(/^\d{13}$/),
      },
    ]);
    const access = decodeJwt(tokens.access_token as string).payload;
    expect(access.username).toBe("CorporateSSO_sam01");

    // The pool now has the linked user, as Cognito creates it at the first federated sign-in.
    const user = idp.userPool.find("CorporateSSO_sam01");
    expect(user?.status).toBe("EXTERNAL_PROVIDER");
    expect(JSON.parse(user?.attributes.identities ?? "[]")[0].providerName).toBe("CorporateSSO");
  });

  it("idp_identifier does the same, and the user's groups come along", async () => {
    const { browser, html, answer, url } = await start({ idp_identifier: "corp.example" });
    expect(url.pathname).toBe("/login/federated");
    const tokens = await signInAt(browser, html, answer.url, "boss@corp.example");
    expect(decodeJwt(tokens.id_token as string).payload["cognito:groups"]).toEqual([
      `${idp.userPoolId}_CorporateSSO`,
      "admins",
    ]);
  });

  it("identity_provider=COGNITO shows only the password form", async () => {
    const { html, url } = await start({ identity_provider: "COGNITO" });
    expect(url.pathname).toBe("/login");
    expect(html).toContain('name="cognitoSignInForm"');
    expect(html).not.toContain("idpButton");
  });

  it("answers a provider the client does not have with Cognito's message", async () => {
    const asks: Record<string, string>[] = [
      { identity_provider: "Google" },
      { idp_identifier: "elsewhere.example" },
    ];
    for (const params of asks) {
      const { html, url } = await start(params);
      expect(url.pathname).toBe("/login");
      expect(html).toContain("Login option is not available. Please try another one");
    }
  });

  it("refuses a user the provider does not have, and a password sign-in of a federated user", async () => {
    const { browser, html, answer } = await start({ identity_provider: "CorporateSSO" });
    const unknown = await browser.fetch(
      answer.url,
      form({ _csrf: hiddenField(html, "_csrf"), user: "mallory" }),
    );
    expect(unknown.status).toBe(400);
    const password = await start({});
    const refused = await password.browser.fetch(
      password.answer.url,
      form({
        _csrf: hiddenField(password.html, "_csrf"),
        username: "sam@corp.example",
        password: "",
      }),
    );
    expect(await refused.text()).toContain("Incorrect username or password.");
  });
});

describe("without a federated provider", () => {
  it("has no button, and identity_provider names an unknown one", async () => {
    const plain = await startMockIdp({ port: 0, quiet: true, federation: null });
    try {
      const browser = new TestBrowser(plain.url);
      const page = await browser.follow(`/oauth2/authorize?${authorizeQuery(plain)}`);
      expect(await page.text()).not.toContain("idpButton");
      const asked = await new TestBrowser(plain.url).follow(
        `/oauth2/authorize?${authorizeQuery(plain, { identity_provider: "CorporateSSO" })}`,
      );
      expect(new URL(asked.url).pathname).toBe("/login");
      expect(await asked.text()).toContain("Login option is not available");
      expect((await fetch(`${plain.url}/login/federated`)).status).toBe(404);
      expect(plain.config.federatedUsers).toEqual([]);
    } finally {
      await plain.stop();
    }
  });

  it("takes another provider name and identifiers, and refuses a name Cognito would", async () => {
    const okta = await startMockIdp({
      port: 0,
      quiet: true,
      federation: { providerName: "Okta", identifiers: ["example.org"] },
    });
    try {
      const { config } = okta;
      expect(config.federation).toEqual({ providerName: "Okta", identifiers: ["example.org"] });
      // The default users file's federated user belongs to whichever provider the mock has.
      expect(okta.userPool.find("Okta_sam.sso@corp.example")?.status).toBe("EXTERNAL_PROVIDER");
    } finally {
      await okta.stop();
    }
    for (const providerName of ["Corporate SSO", "Corp_SSO", "COGNITO", "x".repeat(33)]) {
      await expect(
        startMockIdp({ port: 0, federation: { providerName } }),
        providerName,
      ).rejects.toThrow('"federation.providerName"');
    }
  });
});
