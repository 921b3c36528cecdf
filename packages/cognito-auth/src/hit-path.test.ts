/**
 * The hit path (a session opened lately: the shared `auth`, nothing allocated for the request)
 * and the full path (the session opened from its cookie, expiry and renewal checked) must answer
 * the same; and so must @hono/node-server, where the answer's Cache-Control is settled in Node's
 * `writeHead`, and `app.request()`, where it is settled after the handler.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { HTML, ORIGIN, TestBrowser, tamper, testApp } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
  idp.accessTokenShape = "cognito";
  idp.refreshTokenLength = 1800;
});
afterAll(() => idp.close());
afterEach(() => {
  idp.idTokenTtlSeconds = 3600;
  vi.useRealTimers();
});

/** What a user can see of an answer; sealed values are random per seal, so only their presence. */
async function seen(res: Response) {
  return {
    status: res.status,
    location: res.headers.get("location"),
    cacheControl: res.headers.get("cache-control"),
    contentType: res.headers.get("content-type"),
    setCookie: res.headers
      .getSetCookie()
      .map((line) => line.replace(/^([^=]+)=[^;]+/, "$1=<sealed>"))
      .sort(),
    body: await res.text(),
  };
}

/** The Cookie headers of each case, from one signed-in browser. */
async function cases() {
  const browser = new TestBrowser(testApp(idp));
  await browser.login(idp, ALICE);
  const first = browser.cookies.get("cdash_session")?.value ?? "";
  const second = browser.cookies.get("cdash_session.1")?.value ?? "";
  expect(second).not.toBe("");
  return {
    hit: `cdash_session=${first}; cdash_session.1=${second}`,
    "no cookie": undefined,
    tampered: `cdash_session=${tamper(first, 60)}; cdash_session.1=${second}`,
    "swapped parts": `cdash_session.1=${second}; theme=dark; cdash_session=${first}`,
    "parts swapped in value": `cdash_session=${second}; cdash_session.1=${first}`,
    "stray same-name cookies": `cdash_session=junk; cdash_session.1=junk; cdash_session=${first}; cdash_session.2=x; cdash_session.1=${second}`,
  } as Record<string, string | undefined>;
}

/** Signed in, the page and the API answer 200; else a 302 to the login for pages, 401 for the API. */
function expected(name: string, path: string): number {
  if (["hit", "swapped parts", "stray same-name cookies"].includes(name)) return 200;
  return path.startsWith("/api") ? 401 : 302;
}

async function server(app: ReturnType<typeof testApp>) {
  const node = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => node.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(node.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => node.close(resolve)),
  };
}

describe("the hit path and the full path answer the same", () => {
  it("for a hit, no cookie, a tampered cookie, swapped parts and stray same-name cookies", async () => {
    const headersOf = await cases();
    for (const [name, cookie] of Object.entries(headersOf)) {
      for (const [path, accept] of [
        ["/api/me", "application/json"],
        ["/reports/7?x=1", HTML],
      ] as const) {
        const headers = { accept, ...(cookie === undefined ? {} : { cookie }) };
        const app = testApp(idp);
        const full = await seen(await app.request(`${ORIGIN}${path}`, { headers }));
        // Kept the second time it is opened: the third request is a hit.
        await app.request(`${ORIGIN}${path}`, { headers });
        const hit = await seen(await app.request(`${ORIGIN}${path}`, { headers }));
        expect(full.status, `${name} ${path}`).toBe(expected(name, path));
        expect(hit, `${name} ${path}: from the cache`).toEqual(full);
        const node = await server(testApp(idp));
        try {
          for (let i = 0; i < 3; i++) {
            const res = await fetch(`${node.url}${path}`, { headers, redirect: "manual" });
            expect(await seen(res), `${name} ${path}: on node-server, request ${i}`).toEqual(full);
          }
        } finally {
          await node.close();
        }
      }
    }
  });

  it("for an expired ID token (renewed in the request, the same cookie twice)", async () => {
    idp.idTokenTtlSeconds = 60;
    const browser = new TestBrowser(testApp(idp));
    await browser.login(idp, ALICE);
    const cookie = browser.cookieHeader("/api/me");
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ["Date"] });
    const headers = { accept: "application/json", cookie };
    const app = testApp(idp);
    const first = await seen(await app.request(`${ORIGIN}/api/me`, { headers }));
    expect(first.status).toBe(200);
    expect(first.setCookie.some((line) => line.startsWith("cdash_session=<sealed>"))).toBe(true);
    const again = await seen(await app.request(`${ORIGIN}/api/me`, { headers }));
    expect(again).toEqual(first);
    const node = await server(testApp(idp));
    try {
      const res = await fetch(`${node.url}/api/me`, { headers });
      expect(await seen(res)).toEqual(first);
    } finally {
      await node.close();
    }
  });

  it("gives requests of one session the same frozen auth, and accessToken() still renews", async () => {
    const browser = new TestBrowser(testApp(idp));
    const app = testApp(idp);
    const seenAuth: unknown[] = [];
    app.get("/auth", async (c) => {
      seenAuth.push(c.get("auth"));
      return c.text(await c.get("auth").accessToken());
    });
    await browser.login(idp, ALICE);
    const cookie = browser.cookieHeader("/auth");
    const tokens = [];
    for (let i = 0; i < 4; i++) {
      tokens.push(await (await app.request(`${ORIGIN}/auth`, { headers: { cookie } })).text());
    }
    // The first two requests opened the session; it is kept the second time, and the requests
    // after it share the kept one's auth.
    expect(seenAuth[0]).not.toBe(seenAuth[1]);
    expect(seenAuth[1]).toBe(seenAuth[2]);
    expect(seenAuth[2]).toBe(seenAuth[3]);
    expect(Object.isFrozen(seenAuth[2])).toBe(true);
    expect(new Set(tokens).size).toBe(1);
    // Within the renewal margin, the request takes the full path and renews.
    vi.useFakeTimers({ now: Date.now() + 3_590_000, toFake: ["Date"] });
    const before = idp.calls.token.length;
    const res = await app.request(`${ORIGIN}/auth`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toBe(tokens[0]);
    expect(idp.calls.token.slice(before)).toEqual(["refresh_token"]);
    expect(res.headers.getSetCookie().some((line) => line.startsWith("cdash_session="))).toBe(true);
  });
});
