/**
 * Options given as a function of the request's context, as a Worker reads its settings from
 * `c.env`: a real middleware in a real Hono app (the env passed as `app.request`'s third
 * argument, as Workers pass it to `fetch`) against the test IdP on a real port.
 */

import { Hono } from "hono";
import { describe, expect, expectTypeOf, it, vi } from "vitest";
import type { CognitoAuth, CognitoAuthVariables } from "./auth-deps.ts";
import { cognitoAuth } from "./cognito-auth.ts";
import { CognitoAuthOptionError } from "./errors.ts";
import type { CognitoAuthOptions } from "./options.ts";
import { optionsFor, SECRET_A, SECRET_B, TestBrowser } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

interface Env {
  SESSION_SECRET: string;
  USER_POOL_ID?: string;
}

/** An app whose middleware reads the session secret (and maybe the pool) from `c.env`. */
function workerApp(idp: TestIdp, extra: (env: Env) => Partial<CognitoAuthOptions> = () => ({})) {
  const given = vi.fn((env: Env) => ({
    ...optionsFor(idp),
    sessionSecrets: [env.SESSION_SECRET],
    // A hook written inline: a new function on every call, which must not make new settings.
    onLogin: () => undefined,
    ...extra(env),
  }));
  const app = new Hono<{ Bindings: Env; Variables: CognitoAuthVariables }>();
  app.use(cognitoAuth((c) => given(c.env as Env)));
  app.get("/", (c) => c.text(`home of ${c.get("auth").user.email}`));
  app.onError((err, c) =>
    c.text(err instanceof CognitoAuthOptionError ? `bad option ${err.option}` : "error", 500),
  );
  /** The app as a Worker serves it with `env`, for a {@link TestBrowser}. */
  const served = (env: Env) => ({
    request: (input: string, init?: RequestInit) => app.request(input, init, env),
  });
  return { given, served };
}

describe("options as a function of the context", () => {
  it("reads them per request and keeps what they make: one JWKS fetch for many sign-ins", async () => {
    const idp = await startTestIdp();
    try {
      const { given, served } = workerApp(idp);
      const env = { SESSION_SECRET: SECRET_A };
      for (let i = 0; i < 3; i++) {
        const browser = new TestBrowser(served({ ...env }));
        expect((await browser.login(idp, ALICE)).status).toBe(302);
        expect(await (await browser.request("/")).text()).toBe(`home of ${ALICE.email}`);
      }
      // Each request asked for the options; the verifier (and its JWKS cache) was made once.
      expect(given.mock.calls.length).toBeGreaterThanOrEqual(9);
      expect(idp.calls.jwks).toBe(1);
    } finally {
      await idp.close();
    }
  });

  it("tells settings apart: a session sealed under one env's secret does not open under another's", async () => {
    const idp = await startTestIdp();
    try {
      const { served } = workerApp(idp);
      const a = served({ SESSION_SECRET: SECRET_A });
      const browser = new TestBrowser(a);
      await browser.login(idp, ALICE);
      const cookie = browser.cookieHeader("/");
      const headers = { cookie, accept: "text/html" };
      expect((await a.request("http://localhost:3000/", { headers })).status).toBe(200);
      const b = served({ SESSION_SECRET: SECRET_B });
      const other = await b.request("http://localhost:3000/", { headers });
      expect(other.status).toBe(302);
      expect(other.headers.get("location")).toBe("/login/cognito");
    } finally {
      await idp.close();
    }
  });

  it("a bad option fails the request with the option's name, and is not kept once fixed", async () => {
    const idp = await startTestIdp();
    try {
      const { served } = workerApp(idp, (env) =>
        env.USER_POOL_ID === undefined ? {} : { userPoolId: env.USER_POOL_ID },
      );
      const bad = await served({ SESSION_SECRET: "short" }).request("http://localhost:3000/");
      expect([bad.status, await bad.text()]).toEqual([500, "bad option sessionSecrets"]);
      const pool = served({ SESSION_SECRET: SECRET_A, USER_POOL_ID: "nope" });
      expect(await (await pool.request("http://localhost:3000/")).text()).toBe(
        "bad option userPoolId",
      );
      const fixed = new TestBrowser(served({ SESSION_SECRET: SECRET_A }));
      expect((await fixed.login(idp, ALICE)).status).toBe(302);
    } finally {
      await idp.close();
    }
  });

  it("types the context variables by what the function returns", () => {
    const options = (secret: string): CognitoAuthOptions => ({
      domain: "http://localhost:9500",
      userPoolId: "us-east-1_LocalMock",
      clientId: "localmockclient0000dashbrd",
      clientSecret: null,
      sessionSecrets: [secret],
    });
    const required = cognitoAuth((c) => options(c.env.SESSION_SECRET));
    const optional = cognitoAuth((c) => ({
      ...options(c.env.SESSION_SECRET),
      required: false,
    }));
    new Hono().use(required).get("/", (c) => {
      expectTypeOf(c.get("auth")).toEqualTypeOf<CognitoAuth>();
      return c.text("");
    });
    new Hono().use(optional).get("/", (c) => {
      expectTypeOf(c.get("auth")).toEqualTypeOf<CognitoAuth | undefined>();
      return c.text("");
    });
  });
});
