import { CALLBACK_PATH, LOGIN_PATH } from "@cognito-dashboard/local-dev";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLambdaHandler } from "./lambda-handler.ts";
import { PRODUCT_NAME } from "./pages/layout.tsx";
import { mockAuthOptions, TEST_IDP } from "./testing/mock-auth-options.ts";

const handler = createLambdaHandler({
  auth: mockAuthOptions("unit-test-session-secret-0123456789abcdef"),
});

const DOMAIN = "abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws";

/** A Function URL event (payload 2.0) as AWS sends it: cookies apart, lower-case headers. */
function functionUrlEvent(
  method: string,
  rawPath: string,
  options: {
    rawQueryString?: string;
    cookies?: string[];
    headers?: Record<string, string>;
    body?: string;
  } = {},
): LambdaFunctionURLEvent {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: options.rawQueryString ?? "",
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers: {
      host: DOMAIN,
      accept: "text/html,application/xhtml+xml",
      "user-agent": "Mozilla/5.0",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      "x-amzn-trace-id": "Root=1-00000000-000000000000000000000000",
      ...options.headers,
    },
    requestContext: {
      accountId: "anonymous",
      apiId: "abcdefghijklmnopqrstuvwxyz012345",
      domainName: DOMAIN,
      domainPrefix: "abcdefghijklmnopqrstuvwxyz012345",
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "Mozilla/5.0",
      },
      requestId: "c0ffee00-0000-4000-8000-000000000000",
      routeKey: "$default",
      stage: "$default",
      time: "25/Nov/2026:12:00:00 +0000",
      timeEpoch: 1795608000000,
    },
    ...(options.body === undefined
      ? { isBase64Encoded: false }
      : { body: Buffer.from(options.body).toString("base64"), isBase64Encoded: true }),
  };
}

async function invoke(event: LambdaFunctionURLEvent) {
  const result = await handler(event);
  if (typeof result === "string") throw new Error("expected a structured result");
  return result;
}

describe("the Lambda Function URL handler", () => {
  it("answers /healthz", async () => {
    const result = await invoke(
      functionUrlEvent("GET", "/healthz", { headers: { accept: "*/*" } }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? "")).toEqual({ status: "ok" });
  });

  it("starts a login on the function's https origin, the cookie in `cookies`, not in headers", async () => {
    const result = await invoke(
      functionUrlEvent("GET", LOGIN_PATH, { rawQueryString: "return_to=%2Fadmin" }),
    );
    expect(result.statusCode).toBe(302);
    const authorize = new URL(String(result.headers?.location));
    expect(authorize.origin).toBe(TEST_IDP);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`https://${DOMAIN}${CALLBACK_PATH}`);
    expect(result.cookies).toHaveLength(1);
    expect(result.cookies?.[0]).toMatch(/^__Host-cdash_tx_|^cdash_tx_/);
    expect(result.cookies?.[0]).toContain("Secure");
    expect(Object.keys(result.headers ?? {}).map((h) => h.toLowerCase())).not.toContain(
      "set-cookie",
    );
  });

  it("gives each login attempt its own cookie and clears a session through `cookies`", async () => {
    // Two logins started in one browser: the second response must not drop the first cookie,
    // and a logout clearing a session returns its cookie through the same array.
    const first = await invoke(functionUrlEvent("GET", LOGIN_PATH));
    const second = await invoke(
      functionUrlEvent("GET", LOGIN_PATH, {
        cookies: (first.cookies ?? []).map((c) => c.split(";")[0] ?? ""),
      }),
    );
    expect(second.cookies).toHaveLength(1);
    expect(second.cookies?.[0]?.split("=")[0]).not.toBe(first.cookies?.[0]?.split("=")[0]);
    const logout = await invoke(
      functionUrlEvent("GET", "/logout", { cookies: ["__Host-cdash_session=garbage", "other=1"] }),
    );
    expect(logout.statusCode).toBe(302);
    expect(logout.cookies?.some((c) => c.startsWith("__Host-cdash_session=;"))).toBe(true);
  });

  it("sends the Cookie header to the app from the `cookies` array (a bad session is refused, not a 5xx)", async () => {
    const result = await invoke(
      functionUrlEvent("GET", "/api/me", {
        cookies: ["__Host-cdash_session=tampered", "cdash_session=x"],
        headers: { accept: "application/json" },
      }),
    );
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body ?? "")).toMatchObject({ error: "unauthenticated" });
  });

  it("reads a base64 form body (the logout button's POST)", async () => {
    const result = await invoke(
      functionUrlEvent("POST", "/logout", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "_csrf=whatever",
      }),
    );
    // No session: nothing to protect, the logout goes on to the hosted UI.
    expect(result.statusCode).toBe(302);
    expect(String(result.headers?.location)).toContain(`${TEST_IDP}/logout?`);
  });

  describe("a malformed event", () => {
    afterEach(() => vi.restoreAllMocks());

    function capturedLogs() {
      const lines: string[] = [];
      for (const level of ["log", "info", "warn", "error"] as const) {
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          lines.push(args.map(String).join(" "));
        });
      }
      return lines;
    }

    it("gets a 400, not a 500, for a body flagged base64 that is not", async () => {
      const event = functionUrlEvent("POST", "/logout", {
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      capturedLogs();
      const result = await invoke({ ...event, body: "_csrf=%%%", isBase64Encoded: true });
      expect(result.statusCode).toBe(400);
      expect(result.body).toContain("could not be read");
      expect(result.body).toContain(PRODUCT_NAME);
      expect(result.headers?.["content-security-policy"]).toContain("default-src 'none'");
    });

    it("gets a 400 without its cookie values in any log line", async () => {
      const secret = "__Host-cdash_session=eyJhbGciOiJkaXIi.sealed-session-value";
      const logs = capturedLogs();
      for (const event of [
        functionUrlEvent("GET", "/api/me", { cookies: [secret, "x=1\r\ny: 2"] }),
        functionUrlEvent("GET", "/", { headers: { cookie: `${secret}\0` } }),
      ]) {
        const result = await invoke(event);
        expect(result.statusCode).toBe(400);
      }
      expect(logs.length).toBeGreaterThan(0);
      expect(logs.join("\n")).not.toContain("sealed-session-value");
    });

    it("gets the branded 400 for what a real Function URL never sends", async () => {
      // A page path: a browser gets the page, an API caller JSON (under /api, everyone gets JSON).
      const base = functionUrlEvent("GET", "/admin");
      const refused: [string, LambdaFunctionURLEvent][] = [
        ["cookies as a string", { ...base, cookies: "cdash_session=x" as unknown as string[] }],
        ["a cookie that is not a string", { ...base, cookies: [42 as unknown as string] }],
        ["a cookie beyond Latin-1", { ...base, cookies: ["name=\u20ac"] }],
        ["a path without its /", { ...base, rawPath: "@evil.example/admin" }],
        ["a path that changes the port", { ...base, rawPath: ":8443/admin" }],
        ["an empty path", { ...base, rawPath: "" }],
        ["a path with a query in it", { ...base, rawPath: "/admin?x=1" }],
        ["a path with a space", { ...base, rawPath: "/a b" }],
        ["an invalid header name", { ...base, headers: { ...base.headers, "bad header": "1" } }],
        ["a non-ASCII header name", { ...base, headers: { ...base.headers, "x-\u00e9": "1" } }],
        [
          "a header that is not a string",
          { ...base, headers: { ...base.headers, "x-n": 1 as unknown as string } },
        ],
        [
          "a host that is not one",
          { ...base, requestContext: { ...base.requestContext, domainName: "evil.example/x" } },
        ],
      ];
      for (const method of ["TRACE", "CONNECT", "TRACK", "trace", "GET /"]) {
        refused.push([method, functionUrlEvent(method, "/")]);
      }
      const logs = capturedLogs();
      for (const [what, event] of refused) {
        const page = await invoke(event);
        expect(page.statusCode, what).toBe(400);
        expect(page.body, what).toContain("ERROR 400");
        expect(page.headers?.["content-type"], what).toMatch(/^text\/html/);
        const api = await invoke({
          ...event,
          headers: { ...event.headers, accept: "application/json" },
        });
        expect(JSON.parse(api.body ?? ""), what).toMatchObject({ error: "bad_request" });
      }
      // One line per refusal, naming the problem and nothing of the request.
      expect(
        logs.every((line) =>
          /^\{"level":"warn","msg":"malformed event","problem":"[\w -]+"\}$/.test(line),
        ),
      ).toBe(true);
    });

    it("never logs a code, a token or a query, whatever the event (the adapter included)", async () => {
      const code = "c0de-5ecret-0123456789abcdef";
      const query = `code=${code}&state=AAAAAAAAAAAAAAAA.${"s".repeat(43)}`;
      const base = functionUrlEvent("GET", CALLBACK_PATH, { rawQueryString: query });
      const logs = capturedLogs();
      for (const event of [
        base,
        { ...base, rawPath: "login/cognito/authorized" },
        { ...base, rawPath: ":99999/x" },
        { ...base, requestContext: { ...base.requestContext, domainName: "bad host" } },
        { ...base, headers: { ...base.headers, "x y": code } },
        { ...base, cookies: [`a=${code}\u20ac`] },
        {
          ...base,
          requestContext: {
            ...base.requestContext,
            http: { ...base.requestContext.http, method: "TRACE" },
          },
        },
        functionUrlEvent("GET", `${CALLBACK_PATH}\n${code}`, { rawQueryString: query }),
      ]) {
        const result = await invoke(event);
        expect(result.statusCode).toBeLessThan(500);
      }
      expect(logs.join("\n")).not.toContain(code);
      expect(logs.join("\n")).not.toContain("ssss");
    });

    it("drops a body sent with GET instead of refusing the request", async () => {
      const result = await invoke(
        functionUrlEvent("GET", "/healthz", { headers: { accept: "*/*" }, body: "ignored" }),
      );
      expect(result.statusCode).toBe(200);
      expect(JSON.parse(result.body ?? "")).toEqual({ status: "ok" });
    });
  });
});
