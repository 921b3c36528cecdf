/**
 * The rehearsal's Function URL front on its own (payload format 2.0 both ways, 502 on a function
 * error), with a function that records its events and answers as told.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { functionUrl } from "./function-url.ts";
import type { InvocationResult } from "./runtime-api.ts";

const HOST = "abc123.lambda-url.eu-west-1.on.aws";
let server: Server | undefined;

afterEach(() => {
  server?.close();
});

async function front(answer: (event: LambdaFunctionURLEvent) => InvocationResult) {
  const events: LambdaFunctionURLEvent[] = [];
  server = createServer(
    functionUrl(HOST, {
      invoke: async (event: string) => {
        const parsed = JSON.parse(event) as LambdaFunctionURLEvent;
        events.push(parsed);
        return answer(parsed);
      },
    }),
  );
  await new Promise<void>((ok) => server?.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, events };
}

const response = (result: unknown): InvocationResult => ({
  kind: "response",
  payload: JSON.stringify(result),
});

describe("the Function URL front", () => {
  it("sends payload 2.0: cookies apart, lower-case headers, raw path and query, https", async () => {
    const { url, events } = await front(() => response({ statusCode: 204 }));
    await fetch(`${url}/a/b?x=1&x=2`, { headers: { Cookie: "a=1; b=2", "X-Thing": "yes" } });
    const event = events[0] as LambdaFunctionURLEvent;
    expect(event).toMatchObject({
      version: "2.0",
      rawPath: "/a/b",
      rawQueryString: "x=1&x=2",
      cookies: ["a=1", "b=2"],
      queryStringParameters: { x: "1,2" },
      requestContext: { domainName: HOST, http: { method: "GET", path: "/a/b" } },
      isBase64Encoded: false,
    });
    expect(event.headers).toMatchObject({
      host: HOST,
      "x-thing": "yes",
      "x-forwarded-proto": "https",
    });
    expect(event.headers.cookie).toBeUndefined();
  });

  it("base64-encodes a form post and passes JSON as text", async () => {
    const { url, events } = await front(() => response({ statusCode: 200 }));
    await fetch(url, { method: "POST", body: new URLSearchParams({ a: "b" }) });
    await fetch(url, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(events[0]).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from("a=b").toString("base64"),
    });
    expect(events[1]).toMatchObject({ isBase64Encoded: false, body: "{}" });
  });

  it("answers with the result: status, headers, one Set-Cookie per cookie, a base64 body decoded", async () => {
    const { url } = await front(() =>
      response({
        statusCode: 302,
        headers: { Location: "/next" },
        cookies: ["a=1; Secure", "b=2; HttpOnly"],
        body: Buffer.from("moved").toString("base64"),
        isBase64Encoded: true,
      }),
    );
    const answer = await fetch(url, { redirect: "manual" });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/next");
    expect(answer.headers.getSetCookie()).toEqual(["a=1; Secure", "b=2; HttpOnly"]);
    expect(await answer.text()).toBe("moved");
  });

  it("answers a result without statusCode as 200 JSON, and a function error as 502", async () => {
    const ok = await front(() => response({ hello: "world" }));
    const plain = await fetch(ok.url);
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ hello: "world" });
    server?.close();
    const failing = await front(() => ({ kind: "error", errorType: "Error", payload: "{}" }));
    expect((await fetch(failing.url)).status).toBe(502);
  });
});
