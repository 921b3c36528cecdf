/**
 * The middleware served by @hono/node-server over real HTTP, where `Cache-Control: private` is
 * put on Node's response before the handler runs (no `Headers` built per response): on the wire
 * it must be exactly what `app.request()` shows, the app's own Cache-Control winning.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

let idp: TestIdp;
let server: ReturnType<typeof serve>;
let url: string;
let cookie: string;

beforeAll(async () => {
  idp = await startTestIdp();
  const app = testApp(idp);
  app.get("/own", (c) => c.text("x", 200, { "Cache-Control": "public, max-age=60" }));
  app.get("/raw", () => new Response("raw"));
  app.get("/raw-own", () => new Response("raw", { headers: { "cache-control": "no-cache" } }));
  app.get("/stream", (c) => c.body(new Blob(["streamed"]).stream()));
  const browser = new TestBrowser(app);
  await browser.login(idp, ALICE);
  cookie = `cdash_session=${browser.cookies.get("cdash_session")?.value}`;
  server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await idp.close();
});

describe("on @hono/node-server", () => {
  it("marks protected responses private unless the app chose its caching, as app.request() does", async () => {
    const expected: [string, string][] = [
      ["/", "private"],
      ["/api/me", "private"],
      ["/own", "public, max-age=60"],
      ["/raw", "private"],
      ["/raw-own", "no-cache"],
      ["/stream", "private"],
    ];
    const app = testApp(idp);
    for (const [path, value] of expected) {
      const res = await fetch(`${url}${path}`, { headers: { cookie, accept: "text/html" } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe(value);
      await res.arrayBuffer();
    }
    // The same answers without node-server (the header set after the handler).
    const viaRequest = await app.request(`${ORIGIN}/`, {
      headers: { cookie, accept: "text/html" },
    });
    expect(viaRequest.headers.get("cache-control")).toBe("private");
  });

  it("never marks a refusal private: the middleware's own no-store stays", async () => {
    const res = await fetch(`${url}/admin`, {
      headers: { accept: "text/html" },
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });
});
