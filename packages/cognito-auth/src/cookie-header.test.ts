/**
 * On @hono/node-server the session guard reads the Cookie header from Node's parsed headers
 * (`cookie-header.ts`): it must give what `c.req.header("cookie")` gives, and step aside whenever
 * the request's headers could have been rewritten before it.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono, type MiddlewareHandler } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cognitoAuth } from "./cognito-auth.ts";
import { forgetNodeRequestLayout, nodeRequestLayoutKnown } from "./cookie-header.ts";
import type { CognitoAuthVariables } from "./index.ts";
import { ORIGIN, optionsFor, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
let cookie: string;
beforeAll(async () => {
  idp = await startTestIdp();
  idp.accessTokenShape = "cognito";
  idp.refreshTokenLength = 1800;
  const browser = new TestBrowser(testApp(idp));
  await browser.login(idp, ALICE);
  cookie = browser.cookieHeader("/api/me");
});
afterAll(() => idp.close());
beforeEach(() => forgetNodeRequestLayout());

/** How many times the guard (or anything after `counting`) called `c.req.header()`. */
let headerCalls = 0;
const counting: MiddlewareHandler = async (c, next) => {
  const header = c.req.header.bind(c.req);
  c.req.header = ((name?: string) => {
    headerCalls++;
    return name === undefined ? header() : header(name);
  }) as typeof c.req.header;
  await next();
};

/** An app whose guard runs after `before`, served by node-server on a free port. */
async function served(before: MiddlewareHandler[] = []) {
  const app = new Hono<{ Variables: CognitoAuthVariables }>();
  for (const middleware of before) app.use(middleware);
  app.use(counting);
  app.use(cognitoAuth(optionsFor(idp)));
  app.get("/api/me", (c) => c.json({ email: c.get("auth").user.email }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    get: (headers: Record<string, string>) => fetch(`${url}/api/me`, { headers }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe("the Cookie header on @hono/node-server", () => {
  it("is read from Node's parsed headers once node-server's layout is learned", async () => {
    const server = await served();
    try {
      expect(nodeRequestLayoutKnown()).toBe(false);
      const first = await server.get({ cookie });
      expect(first.status).toBe(200);
      // The first request was read the generic way, and taught the layout.
      expect(nodeRequestLayoutKnown()).toBe(true);
      headerCalls = 0;
      for (let i = 0; i < 3; i++) {
        const res = await server.get({ cookie });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ email: ALICE.email });
      }
      expect(headerCalls).toBe(0);
      // No cookie at all: the same, 401 JSON, without c.req.header() either.
      const none = await server.get({ accept: "application/json" });
      expect(none.status).toBe(401);
      expect(headerCalls).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("gives what c.req.header('cookie') gives, several Cookie headers included", async () => {
    const seen: [string | undefined, string | undefined][] = [];
    const app = new Hono();
    app.get("/", async (c) => {
      const { cookieHeader } = await import("./cookie-header.ts");
      seen.push([cookieHeader(c), c.req.header("cookie")]);
      return c.text("ok");
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as AddressInfo;
    const { request } = await import("node:http");
    // Node's raw form (names and values in one list, no Host added), so a header can come twice.
    const send = (headers: string[]) =>
      new Promise<void>((resolve, reject) => {
        const all = ["host", `127.0.0.1:${port}`, ...headers];
        const req = request({ port, host: "127.0.0.1", path: "/", headers: all }, (res) => {
          res.resume();
          res.on("end", resolve);
        });
        req.on("error", reject);
        req.end();
      });
    try {
      for (const headers of [
        ["cookie", "a=1"],
        ["cookie", "a=1"],
        ["cookie", "a=1", "Cookie", "b=2; c=3"],
        ["cookie", "  padded=1  "],
        ["cookie", ""],
        [],
      ]) {
        await send(headers);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(nodeRequestLayoutKnown()).toBe(true);
    for (const [fast, generic] of seen) expect(fast).toBe(generic);
    expect(seen.map(([fast]) => fast)).toEqual([
      "a=1",
      "a=1",
      "a=1; b=2; c=3",
      "padded=1",
      "",
      undefined,
    ]);
  });

  it("sees a Cookie header rewritten before it, on the request's headers or a new request", async () => {
    const rewrites: Record<string, MiddlewareHandler> = {
      "headers.set": async (c, next) => {
        c.req.raw.headers.set("cookie", "theme=dark");
        await next();
      },
      "headers.delete": async (c, next) => {
        c.req.raw.headers.delete("cookie");
        await next();
      },
      "a new Request": async (c, next) => {
        c.req.raw = new Request(c.req.raw.url, { headers: { accept: "application/json" } });
        await next();
      },
    };
    for (const [name, rewrite] of Object.entries(rewrites)) {
      const server = await served([rewrite]);
      try {
        // Learned on the first request; every one is rewritten, so none is signed in.
        for (let i = 0; i < 3; i++) {
          const res = await server.get({ cookie, accept: "application/json" });
          expect(res.status, `${name}, request ${i}`).toBe(401);
        }
      } finally {
        await server.close();
      }
    }
    // And the other way: a session cookie put in before the guard is honoured.
    const server = await served([
      async (c, next) => {
        c.req.raw.headers.set("cookie", cookie);
        await next();
      },
    ]);
    try {
      for (let i = 0; i < 3; i++) {
        const res = await server.get({ accept: "application/json" });
        expect(res.status, `cookie put in, request ${i}`).toBe(200);
      }
    } finally {
      await server.close();
    }
  });

  it("is read the generic way off node-server (app.request)", async () => {
    const app = testApp(idp);
    for (let i = 0; i < 3; i++) {
      const res = await app.request(`${ORIGIN}/api/me`, { headers: { cookie } });
      expect(res.status).toBe(200);
    }
    expect(nodeRequestLayoutKnown()).toBe(false);
  });
});
