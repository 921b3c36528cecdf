import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { functionUrlListener } from "./function-url-bridge.ts";
import { PRODUCT_NAME } from "./pages/layout.tsx";

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** Serves `respond` through the bridge on a free port; records the events it was given. */
async function bridgeTo(respond: (event: LambdaFunctionURLEvent) => LambdaFunctionURLResult) {
  const events: LambdaFunctionURLEvent[] = [];
  server = createServer(
    functionUrlListener(async () => async (event) => {
      events.push(event);
      return respond(event);
    }),
  );
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, events };
}

describe("the Function URL bridge of `npm run dev -- --lambda`", () => {
  it("turns a request into a payload 2.0 event: cookies apart, raw query, base64 body", async () => {
    const { url, events } = await bridgeTo(() => ({ statusCode: 204 }));
    const res = await fetch(`${url}/login/cognito/authorized?code=a%2Fb&state=s&state=t`, {
      method: "POST",
      headers: {
        cookie: "cdash_session=abc; cdash_tx_1=def",
        "x-custom": "v",
        "content-type": "text/plain",
      },
      body: "héllo",
    });
    expect(res.status).toBe(204);
    const event = events[0] as LambdaFunctionURLEvent;
    expect(event.version).toBe("2.0");
    expect(event.rawPath).toBe("/login/cognito/authorized");
    expect(event.rawQueryString).toBe("code=a%2Fb&state=s&state=t");
    expect(event.queryStringParameters).toEqual({ code: "a/b", state: "s,t" });
    expect(event.cookies).toEqual(["cdash_session=abc", "cdash_tx_1=def"]);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers["x-custom"]).toBe("v");
    expect(event.requestContext.http.method).toBe("POST");
    expect(event.requestContext.domainName).toBe(new URL(url).host);
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? "", "base64").toString()).toBe("héllo");
  });

  it("returns every entry of `cookies` as its own Set-Cookie header", async () => {
    const { url } = await bridgeTo(() => ({
      statusCode: 302,
      headers: { location: "/next", "cache-control": "no-store" },
      cookies: ["a=1; Path=/; HttpOnly", "b=2; Path=/", "c=; Max-Age=0; Path=/"],
    }));
    const res = await fetch(url, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/next");
    expect(res.headers.getSetCookie()).toEqual([
      "a=1; Path=/; HttpOnly",
      "b=2; Path=/",
      "c=; Max-Age=0; Path=/",
    ]);
  });

  it("decodes a base64 response body", async () => {
    const { url } = await bridgeTo(() => ({
      statusCode: 200,
      headers: { "content-type": "application/octet-stream" },
      body: Buffer.from([0, 1, 2, 255]).toString("base64"),
      isBase64Encoded: true,
    }));
    const res = await fetch(url);
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it("refuses a body over the Function URL limit of 6 MB with a 413, before the handler", async () => {
    const { url, events } = await bridgeTo(() => ({ statusCode: 204 }));
    const res = await fetch(`${url}/api/upload`, {
      method: "POST",
      body: new Uint8Array(6 * 1024 * 1024 + 1),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "request_too_large" });
    expect(events).toEqual([]);
  });

  it("answers 502, without details, when the handler throws", async () => {
    const { url } = await bridgeTo(() => {
      throw new Error("secret detail");
    });
    const original = console.error;
    console.error = () => {};
    try {
      const res = await fetch(url, { headers: { accept: "text/html" } });
      expect(res.status).toBe(502);
      const page = await res.text();
      expect(page).not.toContain("secret detail");
      expect(page).toContain(PRODUCT_NAME);
      const api = await fetch(`${url}/api/me`);
      expect(await api.json()).toMatchObject({ error: "handler_failed" });
    } finally {
      console.error = original;
    }
  });
});
