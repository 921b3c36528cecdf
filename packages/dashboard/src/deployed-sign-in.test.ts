/**
 * The dashboard as deployed: settings from SST links and the variables the stack sets
 * (configFromSst), the app client's secret from a local fake of Cognito's API, sign-in against
 * the middleware's test IdP on a real port. What a day-two operator meets: a replaced client, two
 * clients of one name.
 */

import {
  ALICE,
  startTestIdp,
  TestBrowser,
  type TestIdp,
} from "@cognito-dashboard/cognito-auth/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type FakeClient, FakeCognito } from "../../../tests/infra/fake-cognito.ts";
import { createApp } from "./app.tsx";
import { configFromSst } from "./config/from-sst.ts";

const SESSION_SECRET = "a-session-secret-of-at-least-32-characters-000";
const fake = new FakeCognito();
let idp: TestIdp;
const first = { clientId: "", clientSecret: "" };

beforeAll(async () => {
  await fake.start();
  idp = await startTestIdp();
  first.clientId = idp.clientId;
  first.clientSecret = idp.clientSecret;
});
afterAll(async () => {
  await fake.stop();
  await idp.close();
});

const dashboard = (clientId: string, clientSecret: string): FakeClient => ({
  ClientId: clientId,
  ClientName: "dashboard",
  ClientSecret: clientSecret,
});

beforeEach(() => {
  fake.reset();
  idp.clientId = first.clientId;
  idp.clientSecret = first.clientSecret;
  fake.pools.set(idp.userPoolId, { clients: [dashboard(first.clientId, first.clientSecret)] });
  vi.unstubAllEnvs();
  // As the deployed function sees its environment.
  vi.stubEnv("SST_RESOURCE_App", JSON.stringify({ name: "cognito-dashboard", stage: "test" }));
  vi.stubEnv("SST_RESOURCE_UserPool", JSON.stringify({ id: idp.userPoolId }));
  vi.stubEnv("SST_RESOURCE_SessionSecret", JSON.stringify({ value: SESSION_SECRET }));
  vi.stubEnv("USER_POOL_CLIENT_NAME", "dashboard");
  vi.stubEnv("USER_POOL_CLIENT_ID", first.clientId);
  vi.stubEnv("USER_POOL_HOSTED_UI", idp.url);
  vi.stubEnv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", fake.url);
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDTEST");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test-secret-key");
});

/** A new container: the app built from the environment, as src/lambda.ts builds it. */
async function coldApp() {
  const auth = await configFromSst();
  if (!auth) throw new Error("not configured from SST");
  // The test IdP serves its keys on loopback; deployed, the default Cognito JWKS URL applies.
  return createApp({ auth: { ...auth, jwksUri: idp.jwksUri }, source: "sst" });
}

describe("the deployed dashboard", () => {
  it('does not read "signed out" on /signed-out while a session is alive (optional auth)', async () => {
    const app = await coldApp();
    const browser = new TestBrowser(app);
    const anonymous = await (await browser.request("/signed-out")).text();
    expect(anonymous).toContain("You are signed out");
    await browser.login(idp, ALICE);
    const res = await browser.request("/signed-out");
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("You are still signed in");
    expect(body).not.toContain("You are signed out");
    expect(body).toContain("Log out");
  });

  it("starts, and serves a returning user, without a single Cognito call", async () => {
    const browser = new TestBrowser(await coldApp());
    await browser.login(idp, ALICE);
    fake.requests = [];
    const app = await coldApp();
    const res = await app.request("http://localhost:3000/api/me", {
      headers: { cookie: browser.cookieHeader("/"), accept: "application/json" },
    });
    expect(res.status).toBe(200);
    expect(fake.requests).toEqual([]);
  });

  it("keeps signing in after its app client is replaced, in the same container", async () => {
    const app = await coldApp();
    const before = new TestBrowser(app);
    expect((await before.login(idp, ALICE)).status).toBe(302);
    expect(fake.counts()).toEqual({ DescribeUserPoolClient: 1 });

    // A sign-in starts, then the stack replaces the client (delete, then create: a new id and
    // secret under the same name) before the function's variables are updated.
    const midway = new TestBrowser(app);
    const callback = await idp.authorize(await midway.startLogin("/"), ALICE);
    idp.clientId = "replacedclient00000000000b";
    idp.clientSecret = "the-replacement-client-secret-000";
    fake.pools.set(idp.userPoolId, { clients: [dashboard(idp.clientId, idp.clientSecret)] });

    // The old client's code is refused (invalid_client): a page that says to sign in again.
    const refused = await midway.request(callback);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Sign in again");

    // The next sign-in finds the new client by name (the deploy's id was refused), without a new
    // container.
    const after = new TestBrowser(app);
    expect((await after.login(idp, ALICE)).status).toBe(302);
    expect((await after.request("/")).status).toBe(200);
    expect(fake.requests.map((r) => r.operation)).toEqual([
      "DescribeUserPoolClient",
      "ListUserPoolClients",
      "DescribeUserPoolClient",
    ]);
  });

  it("answers a clear 503 page, not a 502, while two clients share the name", async () => {
    vi.stubEnv("USER_POOL_CLIENT_ID", "");
    fake.pools.set(idp.userPoolId, {
      clients: [
        dashboard(first.clientId, first.clientSecret),
        dashboard("secondclient00000000000002", "another-secret-0000000000000"),
      ],
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = await coldApp();
    const page = await app.request("http://localhost:3000/login/cognito", {
      headers: { accept: "text/html" },
    });
    expect(page.status).toBe(503);
    const html = await page.text();
    expect(html).toContain("Sign-in is unavailable right now");
    expect(html).toContain("Sign-in is not set up correctly on this deployment");
    expect(html).not.toContain(first.clientSecret);
    const api = await app.request("http://localhost:3000/login/cognito", {
      headers: { accept: "application/json" },
    });
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ error: "sign_in_unavailable" });
    // The operator's details, in the log only.
    const logged = errors.mock.calls.map((call) => String(call[0])).join("\n");
    expect(logged).toContain("client_ambiguous");
    expect(logged).toContain("secondclient00000000000002");
    expect(logged).not.toContain("another-secret");
    // Once the extra client is gone, sign-in works in the same container.
    fake.pools.set(idp.userPoolId, { clients: [dashboard(first.clientId, first.clientSecret)] });
    expect((await new TestBrowser(app).login(idp, ALICE)).status).toBe(302);
  });
});
