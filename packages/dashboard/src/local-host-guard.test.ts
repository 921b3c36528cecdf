// The local server against Host-header injection and DNS rebinding, over real HTTP (port 0).
import { request } from "node:http";
import { LOGIN_PATH, LOGOUT_PATH } from "@cognito-dashboard/local-dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopbackRequest } from "./local-host-guard.ts";
import { type LocalServer, startLocalServer } from "./local-server.ts";
import { PRODUCT_NAME } from "./pages/layout.tsx";
import { mockAuthOptions } from "./testing/mock-auth-options.ts";

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    mode: "app",
    config: {
      auth: mockAuthOptions("host-guard-test-session-secret-0123456789"),
    },
  });
});
afterAll(() => server?.close());

/** A raw request: `fetch` would not let the test choose the Host header or the target's form. */
function send(
  target: string,
  host: string,
  accept = "text/html",
): Promise<{ status: number; location: string | undefined; setCookie: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: server.port, path: target, headers: { host, accept } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            setCookie: res.headers["set-cookie"] ?? [],
            body,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

describe("the local server answers only requests for localhost", () => {
  it("builds the login and logout redirects for localhost, never for a foreign Host", async () => {
    const local = await send(LOGIN_PATH, `localhost:${server.port}`);
    expect(local.status).toBe(302);
    expect(new URL(local.location ?? "").searchParams.get("redirect_uri")).toBe(
      `http://localhost:${server.port}/login/cognito/authorized`,
    );

    for (const path of [LOGIN_PATH, LOGOUT_PATH, "/"]) {
      const forged = await send(path, "evil.example");
      expect(forged.status, path).toBe(400);
      expect(forged.location, path).toBeUndefined();
      expect(forged.setCookie, path).toEqual([]);
      expect(forged.body).toContain("only answers requests for localhost");
      // The app's own error page, with a link to where the server does answer.
      expect(forged.body).toContain(PRODUCT_NAME);
      expect(forged.body).toContain(`href="http://localhost:${server.port}/"`);
    }
    const rebound = await send(LOGIN_PATH, `attacker.example:${server.port}`, "application/json");
    expect(rebound.status).toBe(400);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: "unknown_host" });
    // Under /api a browser gets JSON too: one rule for API calls, here as in the app.
    const api = await send("/api/me", "evil.example", "text/html");
    expect(api.status).toBe(400);
    expect(api.setCookie).toEqual([]);
    expect(JSON.parse(api.body)).toMatchObject({ error: "unknown_host" });
  });

  it("refuses an absolute-form target for another host, whatever the Host header says", async () => {
    const res = await send(`http://evil.example${LOGIN_PATH}`, `localhost:${server.port}`);
    expect(res.status).toBe(400);
    expect(res.location).toBeUndefined();
    const own = await send(
      `http://localhost:${server.port}${LOGIN_PATH}`,
      `localhost:${server.port}`,
    );
    expect(own.status).toBe(302);
  });

  it("accepts the loopback names and refuses malformed hosts", () => {
    const ok = (host: string | undefined, url = "/") =>
      isLoopbackRequest({ headers: host === undefined ? {} : { host }, url });
    expect(ok("localhost:3000")).toBe(true);
    expect(ok("127.0.0.1:8050")).toBe(true);
    expect(ok("[::1]:5000")).toBe(true);
    expect(ok("LOCALHOST")).toBe(true);
    expect(ok(undefined)).toBe(false);
    expect(ok("localhost.evil.example")).toBe(false);
    expect(ok("user@localhost")).toBe(false);
    expect(ok("localhost/x")).toBe(false);
    expect(ok("localhost:3000", "https://evil.example/")).toBe(false);
    // "OPTIONS *" means nothing to this app, and @hono/node-server would answer it with an empty 400.
    expect(ok("localhost:3000", "*")).toBe(false);
  });
});
