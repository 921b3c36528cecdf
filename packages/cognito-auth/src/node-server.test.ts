/**
 * The middleware served by @hono/node-server over real HTTP, where a signed-in answer's
 * Cache-Control is settled in Node's `writeHead` (no `Headers` built per response): on the wire
 * it must be exactly what `app.request()` shows, where it is settled after the handler. An app's
 * own value is kept when it keeps shared caches out, and made private when it does not.
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
let app: ReturnType<typeof testApp>;

beforeAll(async () => {
  idp = await startTestIdp();
  app = testApp(idp);
  app.get("/own", (c) => c.text("x", 200, { "Cache-Control": "public, max-age=60" }));
  app.get("/own-private", (c) => c.text("x", 200, { "Cache-Control": "private, max-age=30" }));
  app.get("/own-no-store", (c) => {
    c.header("Cache-Control", "no-store");
    return c.json({ ok: true });
  });
  app.get("/own-shared", (c) =>
    c.text("x", 200, { "cache-control": "public, s-maxage=600, max-age=60" }),
  );
  app.get("/raw", () => new Response("raw"));
  app.get("/raw-own", () => new Response("raw", { headers: { "cache-control": "no-cache" } }));
  app.get("/stream", (c) => c.body(new Blob(["streamed"]).stream()));
  app.get("/stream-public", (c) =>
    c.body(new Blob(["streamed"]).stream(), 200, { "cache-control": "public" }),
  );
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
  it("keeps every signed-in answer out of shared caches, exactly as app.request() does", async () => {
    const expected: [string, string][] = [
      ["/", "private"],
      ["/api/me", "private"],
      ["/own", "private, max-age=60"],
      ["/own-private", "private, max-age=30"],
      ["/own-no-store", "no-store"],
      ["/own-shared", "private, max-age=60"],
      ["/raw", "private"],
      ["/raw-own", "private, no-cache"],
      ["/stream", "private"],
      ["/stream-public", "private"],
    ];
    for (const [path, value] of expected) {
      const res = await fetch(`${url}${path}`, { headers: { cookie, accept: "text/html" } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe(value);
      await res.arrayBuffer();
      // The same answer without node-server (the header settled after the handler).
      const viaRequest = await app.request(`${ORIGIN}${path}`, {
        headers: { cookie, accept: "text/html" },
      });
      expect(viaRequest.headers.get("cache-control"), `${path} via app.request()`).toBe(value);
    }
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
