/**
 * `clientSettings`: the app client's settings supplied when a route first needs them, instead of
 * at creation. A real middleware in a real Hono app against the test IdP on a real port.
 */

import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CognitoAuthVariables } from "./auth-deps.ts";
import { cognitoAuth } from "./cognito-auth.ts";
import type { ClientSettings } from "./options.ts";
import { ORIGIN, SECRET_A, TestBrowser } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
const original = { clientId: "", clientSecret: "" };
beforeAll(async () => {
  idp = await startTestIdp();
  original.clientId = idp.clientId;
  original.clientSecret = idp.clientSecret;
});
afterAll(() => idp.close());
beforeEach(() => {
  idp.clientId = original.clientId;
  idp.clientSecret = original.clientSecret;
  idp.idTokenTtlSeconds = 3600;
  vi.useRealTimers();
});

/** What the IdP currently accepts, as a lookup would find it. */
const current = (): ClientSettings => ({
  domain: idp.url,
  clientId: idp.clientId,
  clientSecret: idp.clientSecret,
});

function lazyApp(
  provider: (refused?: ClientSettings) => Promise<ClientSettings>,
  clientBinding = "test-client",
) {
  const app = new Hono<{ Variables: CognitoAuthVariables }>();
  app.use(
    cognitoAuth({
      userPoolId: idp.userPoolId,
      jwksUri: idp.jwksUri,
      sessionSecrets: [SECRET_A],
      clientSettings: provider,
      clientBinding,
    }),
  );
  app.get("/", (c) => c.text(`home of ${c.get("auth").user.email}`));
  app.onError((err, c) =>
    err instanceof HTTPException ? err.getResponse() : c.text(`onError: ${err.message}`, 503),
  );
  return app;
}

describe("cognitoAuth with clientSettings", () => {
  it("never asks for them on a request that only checks a session cookie", async () => {
    const provider = vi.fn(async () => current());
    const browser = new TestBrowser(lazyApp(provider));
    expect((await browser.login(idp, ALICE)).status).toBe(302);
    expect(provider).toHaveBeenCalledTimes(1);
    // A new container: same cookie, a middleware that never asked.
    const fresh = vi.fn(async () => current());
    const app = lazyApp(fresh);
    const res = await app.request(`${ORIGIN}/`, {
      headers: { cookie: browser.cookieHeader("/"), accept: "text/html" },
    });
    expect(await res.text()).toBe(`home of ${ALICE.email}`);
    expect(fresh).not.toHaveBeenCalled();
    // Public-path refusal without a cookie needs none either: a redirect to the login.
    expect((await app.request(`${ORIGIN}/`, { headers: { accept: "text/html" } })).status).toBe(
      302,
    );
    expect(fresh).not.toHaveBeenCalled();
  });

  it("binds sessions to the pool and the clientBinding: another binding does not open them", async () => {
    const browser = new TestBrowser(lazyApp(async () => current()));
    await browser.login(idp, ALICE);
    const other = lazyApp(async () => current(), "another-client");
    const res = await other.request(`${ORIGIN}/`, {
      headers: { cookie: browser.cookieHeader("/"), accept: "text/html" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login/cognito");
  });

  it("asks once for the sign-in and keeps them", async () => {
    const provider = vi.fn(async () => current());
    const app = lazyApp(provider);
    for (let i = 0; i < 3; i++) {
      const browser = new TestBrowser(app);
      expect((await browser.login(idp, ALICE)).status).toBe(302);
    }
    expect(provider).toHaveBeenCalledTimes(1);
    expect(provider).toHaveBeenCalledWith(undefined);
  });

  it("asks for them when an expired ID token is renewed", async () => {
    idp.idTokenTtlSeconds = 60;
    const browser = new TestBrowser(lazyApp(async () => current()));
    await browser.login(idp, ALICE);
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ["Date"] });
    const provider = vi.fn(async () => current());
    const res = await lazyApp(provider).request(`${ORIGIN}/`, {
      headers: { cookie: browser.cookieHeader("/"), accept: "text/html" },
    });
    expect(res.status).toBe(200);
    expect(provider).toHaveBeenCalledTimes(1);
    expect(idp.calls.token.at(-1)).toBe("refresh_token");
  });

  it("hands a failure to app.onError unchanged and asks again on the next request", async () => {
    let fail = true;
    const provider = vi.fn(async () => {
      if (fail) throw new Error("two app clients are named dashboard");
      return current();
    });
    const app = lazyApp(provider);
    const refused = await new TestBrowser(app).request("/login/cognito");
    expect(refused.status).toBe(503);
    expect(await refused.text()).toBe("onError: two app clients are named dashboard");
    fail = false;
    expect((await new TestBrowser(app).login(idp, ALICE)).status).toBe(302);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("validates what it is given, naming the option", async () => {
    const app = lazyApp(async () => ({ ...current(), clientId: "has space" }));
    const res = await new TestBrowser(app).request("/login/cognito");
    expect(await res.text()).toMatch(/option "clientId"/);
  });

  it("after invalid_client, asks again with the refused settings and signs in with the new ones", async () => {
    const provider = vi.fn(async (_refused?: ClientSettings) => current());
    const app = lazyApp(provider);
    const browser = new TestBrowser(app);
    const old = current();
    // The sign-in starts with the old client; the client is replaced before the code comes back.
    const authorize = await browser.startLogin("/");
    const callback = await idp.authorize(authorize, ALICE);
    idp.clientId = "replacedclient00000000000b";
    idp.clientSecret = "the-replacement-client-secret-000";
    const spent = await browser.request(callback);
    expect(spent.status).toBe(400);
    expect(await spent.text()).toContain("code_rejected");
    // The next sign-in, same container, asks again and uses the new client.
    const retry = new TestBrowser(app);
    const next = new URL(await retry.startLogin("/"));
    expect(next.searchParams.get("client_id")).toBe("replacedclient00000000000b");
    expect(provider).toHaveBeenCalledTimes(2);
    expect(provider).toHaveBeenLastCalledWith(old);
    const done = await retry.request(await idp.authorize(next.href, ALICE));
    expect(done.status).toBe(302);
    expect((await retry.request("/")).status).toBe(200);
  });
});
