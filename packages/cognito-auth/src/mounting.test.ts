/**
 * Where the middleware lives and what it sends: routes, base path, cookie names and attributes,
 * authorize parameters, and two middlewares in one app. Real Hono apps against the test IdP.
 */
import { type Context, Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OptionalCognitoAuthVariables } from "./auth-deps.ts";
import { cognitoAuth } from "./cognito-auth.ts";
import { CognitoAuthOptionError } from "./errors.ts";
import type { CognitoAuthOptions } from "./options.ts";
import { HTML, ORIGIN, optionsFor, TestBrowser } from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
/** The signed-in user's email, or "nobody" where no middleware ran. */
const userOf = (c: Context<{ Variables: OptionalCognitoAuthVariables }>) =>
  c.get("auth")?.user.email ?? "nobody";
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());

function appWith(
  extra: Partial<CognitoAuthOptions>,
): Hono<{ Variables: OptionalCognitoAuthVariables }> {
  const app = new Hono<{ Variables: OptionalCognitoAuthVariables }>();
  app.use(cognitoAuth(optionsFor(idp, extra)));
  app.get("*", (c) => c.text(`page ${c.req.path} for ${userOf(c)}`));
  return app;
}

describe("routes and basePath", () => {
  it("serves its routes where it is told, and sends the IdP back to them", async () => {
    const app = appWith({
      routes: {
        login: "/auth/in",
        callback: "/auth/back",
        logout: "/auth/out",
        afterLogout: "/bye",
      },
    });
    const browser = new TestBrowser(app);
    const first = await browser.request("/reports");
    expect(first.headers.get("location")).toBe("/auth/in?return_to=%2Freports");
    const authorize = new URL(await browser.startLogin("/reports"));
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${ORIGIN}/auth/back`);
    // The attempt cookie's path covers both routes: their longest shared path.
    expect(browser.cookies.values().next().value?.path).toBe("/auth");
    const done = await browser.request(await idp.authorize(authorize.href, ALICE));
    expect(done.headers.get("location")).toBe("/reports");
    expect(await (await browser.request("/reports")).text()).toBe(
      `page /reports for ${ALICE.email}`,
    );
    // The default routes are plain pages of the app now, behind the session.
    expect(await (await browser.request("/login/cognito")).text()).toContain("page /login/cognito");
    const out = await browser.request("/auth/out", {
      headers: { "sec-fetch-site": "same-origin" },
    });
    expect(new URL(out.headers.get("location") ?? "").searchParams.get("logout_uri")).toBe(
      `${ORIGIN}/bye`,
    );
  });

  it("with a basePath, puts its routes and the session cookie under it and leaves the rest alone", async () => {
    const app = appWith({ basePath: "/team" });
    const browser = new TestBrowser(app);
    expect(await (await browser.request("/elsewhere")).text()).toBe("page /elsewhere for nobody");
    const refused = await browser.request("/team/reports");
    expect(refused.headers.get("location")).toBe("/team/login/cognito?return_to=%2Fteam%2Freports");
    const authorize = new URL(await browser.startLogin("/team/reports"));
    expect(authorize.searchParams.get("redirect_uri")).toBe(
      `${ORIGIN}/team/login/cognito/authorized`,
    );
    const done = await browser.request(await idp.authorize(authorize.href, ALICE));
    const session = done.headers.getSetCookie().find((c) => c.startsWith("cdash_session="));
    expect(session).toContain("Path=/team;");
    expect(await (await browser.request("/team/reports")).text()).toBe(
      `page /team/reports for ${ALICE.email}`,
    );
    // The browser does not even send the session outside the base path.
    expect(browser.cookieHeader("/elsewhere")).not.toContain("cdash_session");
  });

  it("refuses routes that are not plain paths, or that collide, naming them", () => {
    const bad: [string, Partial<CognitoAuthOptions>][] = [
      ["basePath", { basePath: "team" }],
      ["basePath", { basePath: "/team/" }],
      ["routes.login", { routes: { login: "login" } }],
      ["routes.callback", { routes: { callback: "/a/../b" } }],
      ["routes.logout", { routes: { logout: "/out?x=1" } }],
      ["routes", { routes: { login: "/same", logout: "/same" } }],
      ["cookies.prefix", { cookies: { prefix: "has space" } }],
      ["cookies.path", { cookies: { path: "app" } }],
      ["cookies.domain", { cookies: { domain: "exa mple.com" } }],
      ["cookies.sameSite", { cookies: { sameSite: "lax" as "Lax" } }],
      ["authorizationParams.prompt", { authorizationParams: { prompt: "none" } as object }],
      ["authorizationParams.lang", { authorizationParams: { lang: "" } }],
      ["authorizationParams.scope", { authorizationParams: { scope: ["email"] } }],
      [
        "authorizationParams",
        { authorizationParams: { identity_provider: "A", idp_identifier: "b" } },
      ],
    ];
    for (const [option, extra] of bad) {
      expect(() => cognitoAuth(optionsFor(idp, extra)), option).toThrow(
        expect.objectContaining({ option, constructor: CognitoAuthOptionError }),
      );
    }
  });
});

describe("cookies", () => {
  it("names and scopes the session cookie as told, and keeps __Host- only where it may", async () => {
    const app = appWith({
      cookies: { prefix: "acme", path: "/", domain: "example.com", sameSite: "Strict" },
    });
    const origin = "https://app.example.com";
    const browser = new TestBrowser(app, origin);
    const done = await browser.request(await idp.authorize(await browser.startLogin("/"), BOB));
    const cookies = done.headers.getSetCookie();
    // With a Domain the __Host- prefix is not allowed: __Secure- it is.
    const session = cookies.find((c) => c.startsWith("__Secure-acme_session="));
    expect(session).toContain("Domain=example.com");
    expect(session).toContain("SameSite=Strict");
    expect(session).toContain("Secure");
    // Attempts stay host-only and Lax whatever the session's settings: the callback is a
    // cross-site navigation.
    expect(cookies.some((c) => /^__Host-acme_tx_[\w-]{16}=;/.test(c))).toBe(true);
    expect((await browser.request("/")).status).toBe(200);
  });

  it("makes a SameSite=None session cookie Secure", async () => {
    const browser = new TestBrowser(
      appWith({ cookies: { sameSite: "None" } }),
      "https://a.example",
    );
    const done = await browser.request(await idp.authorize(await browser.startLogin("/"), BOB));
    const session = done.headers.getSetCookie().find((c) => c.startsWith("__Host-cdash_session="));
    expect(session).toMatch(/SameSite=None/);
    expect(session).toMatch(/Secure/);
  });
});

describe("authorizationParams", () => {
  it("adds fixed parameters to the authorize redirect", async () => {
    const app = appWith({
      authorizationParams: { identity_provider: "CorporateSSO", lang: "fr" },
    });
    const q = new URL(await new TestBrowser(app).startLogin("/")).searchParams;
    expect(q.get("identity_provider")).toBe("CorporateSSO");
    expect(q.get("lang")).toBe("fr");
    expect(q.get("scope")).toBe("openid email profile");
  });

  it("asks a function per sign-in, checks what it gives, and never lets it replace the protocol's own", async () => {
    const app = appWith({
      authorizationParams: (c) =>
        ({
          login_hint: c.req.query("hint") ?? "someone@example.com",
          idp_identifier: "example.com",
          scope: ["openid", "email"],
          response_type: "token",
        }) as object,
    });
    const res = await app.request(`${ORIGIN}/login/cognito?hint=alice%40example.com`);
    // An unknown parameter is the app's mistake: an option error, for app.onError (a 500 here).
    expect(res.status).toBe(500);
    const good = appWith({
      authorizationParams: (c) => ({
        login_hint: c.req.query("hint") ?? "someone@example.com",
        idp_identifier: "example.com",
        scope: ["openid", "email"],
      }),
    });
    const login = await good.request(`${ORIGIN}/login/cognito?hint=alice%40example.com`, {
      headers: { accept: HTML },
    });
    const q = new URL(login.headers.get("location") ?? "").searchParams;
    expect(q.get("login_hint")).toBe("alice@example.com");
    expect(q.get("idp_identifier")).toBe("example.com");
    expect(q.get("scope")).toBe("openid email");
    expect(q.get("response_type")).toBe("code");
  });
});

describe("two middlewares in one app", () => {
  it("mounted under two base paths, each keeps its own routes and sessions", async () => {
    const app = new Hono<{ Variables: OptionalCognitoAuthVariables }>();
    app.use(cognitoAuth(optionsFor(idp, { basePath: "/a" })));
    app.use(cognitoAuth(optionsFor(idp, { basePath: "/b", cookies: { prefix: "other" } })));
    app.get("*", (c) => c.text(`${c.req.path} for ${userOf(c)}`));
    const browser = new TestBrowser(app);
    await browser.request(await idp.authorize(await browser.startLogin("/a/home"), ALICE));
    expect(await (await browser.request("/a/home")).text()).toBe(`/a/home for ${ALICE.email}`);
    // Signed in under /a only: /b asks for its own sign-in.
    expect((await browser.request("/b/home")).headers.get("location")).toBe(
      "/b/login/cognito?return_to=%2Fb%2Fhome",
    );
    await browser.request(await idp.authorize(await browser.startLogin("/b/home"), BOB));
    expect(await (await browser.request("/b/home")).text()).toBe(`/b/home for ${BOB.email}`);
    expect(await (await browser.request("/a/home")).text()).toBe(`/a/home for ${ALICE.email}`);
    expect([...browser.cookies.keys()].sort()).toEqual(["cdash_session", "other_session"]);
  });
});
