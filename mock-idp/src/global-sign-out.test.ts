/**
 * AdminUserGlobalSignOut, AdminDisableUser and AdminDeleteUser as a signed-in user's browser and
 * app see them: which tokens stop working (the refresh grant, userInfo), and whether the hosted
 * UI's session survives (AWS: global sign-out "doesn't clear the managed login session cookie").
 */
import {
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmedUser, sdkFor } from "./api-test-support.ts";
import { type MockIdp, startMockIdp } from "./index.ts";
import {
  authorizeQuery,
  codeFrom,
  REDIRECT_URI,
  signIn,
  type TestBrowser,
  tokenRequest,
} from "./test-support.ts";

let idp: MockIdp;
let sdk: CognitoIdentityProviderClient;
let UserPoolId: string;
const PASSWORD = "Out-Passw0rd!";

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
  UserPoolId = idp.userPoolId;
  sdk = sdkFor(idp.url);
});
afterAll(async () => {
  sdk.destroy();
  await idp.stop();
});

/** A user signed in through the hosted UI: the browser (with the IdP session) and the tokens. */
async function signedIn(email: string) {
  await confirmedUser(sdk, UserPoolId, email, PASSWORD);
  const { browser, answer } = await signIn(idp, {}, { username: email, password: PASSWORD });
  return { browser, tokens: await exchange(codeFrom(answer)) };
}

async function exchange(code: string): Promise<Record<string, string>> {
  const response = await tokenRequest(idp, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, string>;
}

const userInfo = (accessToken: string) =>
  fetch(`${idp.url}/oauth2/userInfo`, { headers: { authorization: `Bearer ${accessToken}` } });

const refresh = async (refreshToken: string) =>
  (await tokenRequest(idp, { grant_type: "refresh_token", refresh_token: refreshToken })).json();

/** The browser's next authorize: a code at once (the IdP session lives) or the sign-in form. */
async function reauthorize(browser: TestBrowser): Promise<Response> {
  return browser.fetch(`/oauth2/authorize?${authorizeQuery(idp)}`);
}

describe("AdminUserGlobalSignOut", () => {
  it("revokes the refresh and access tokens, and keeps the hosted UI's session", async () => {
    const { browser, tokens } = await signedIn("global@example.com");
    expect((await userInfo(tokens.access_token as string)).status).toBe(200);

    await sdk.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId, Username: "global@example.com" }),
    );

    expect(await refresh(tokens.refresh_token as string)).toEqual({ error: "invalid_grant" });
    const info = await userInfo(tokens.access_token as string);
    expect(info.status).toBe(401);
    expect(info.headers.get("www-authenticate")).toContain('error="invalid_token"');
    // The IdP session survives: the next authorize answers with a code, no form.
    const again = await reauthorize(browser);
    const fresh = await exchange(codeFrom(again));
    expect((await userInfo(fresh.access_token as string)).status).toBe(200);
    expect(await refresh(fresh.refresh_token as string)).toHaveProperty("access_token");
    // The tokens from before stay revoked.
    expect((await userInfo(tokens.access_token as string)).status).toBe(401);
  });

  it("leaves other users' tokens alone", async () => {
    const other = await signedIn("bystander@example.com");
    await signedIn("target@example.com");
    await sdk.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId, Username: "target@example.com" }),
    );
    expect((await userInfo(other.tokens.access_token as string)).status).toBe(200);
    expect(await refresh(other.tokens.refresh_token as string)).toHaveProperty("id_token");
  });
});

describe("AdminDisableUser and AdminDeleteUser", () => {
  it("disabling ends the tokens and the session: the next authorize shows the form", async () => {
    const { browser, tokens } = await signedIn("disabled@example.com");
    await sdk.send(new AdminDisableUserCommand({ UserPoolId, Username: "disabled@example.com" }));
    expect((await userInfo(tokens.access_token as string)).status).toBe(401);
    expect(await refresh(tokens.refresh_token as string)).toEqual({ error: "invalid_grant" });
    const again = await reauthorize(browser);
    expect(again.status).toBe(302);
    expect(new URL(again.headers.get("location") ?? "", idp.url).pathname).toBe("/login");
    // Enabled again, the old tokens stay revoked.
    await sdk.send(new AdminEnableUserCommand({ UserPoolId, Username: "disabled@example.com" }));
    expect((await userInfo(tokens.access_token as string)).status).toBe(401);
  });

  it("deleting ends the tokens and the session", async () => {
    const { browser, tokens } = await signedIn("deleted@example.com");
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId, Username: "deleted@example.com" }));
    expect((await userInfo(tokens.access_token as string)).status).toBe(401);
    expect(await refresh(tokens.refresh_token as string)).toEqual({ error: "invalid_grant" });
    const again = await reauthorize(browser);
    expect(new URL(again.headers.get("location") ?? "", idp.url).pathname).toBe("/login");
  });
});
