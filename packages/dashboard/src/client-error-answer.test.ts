// What a browser sees when Node's HTTP parser refuses a request before the app: real sockets, port 0.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalServer, startLocalServer } from "./local-server.ts";
import { PRODUCT_NAME } from "./pages/layout.tsx";
import { mockAuthOptions } from "./testing/mock-auth-options.ts";

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer({
    port: 0,
    mode: "app",
    config: {
      auth: mockAuthOptions("client-error-test-session-secret-0123456789"),
    },
  });
});
afterAll(() => server?.close());

/** Sends raw bytes and reads everything until the server closes the connection. */
function exchange(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.end(Buffer.from(raw, "latin1"));
  });
}

describe("requests Node refuses before the app", () => {
  it("too many cookies: a 431 page that says what to do, without echoing the cookies", async () => {
    const cookies = Array.from({ length: 40 }, (_, i) => `cdash_tx_${i}=${"v".repeat(500)}`);
    const answer = await exchange(
      `GET /login/cognito/authorized?code=c&state=s HTTP/1.1\r\nHost: localhost:${server.port}\r\nCookie: ${cookies.join("; ")}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/content-type: text\/html/i);
    expect(answer).toContain("too many cookies");
    expect(answer).toContain(PRODUCT_NAME);
    expect(answer).toMatch(/content-security-policy: default-src 'none'/i);
    expect(answer).not.toContain("vvvvvvvv");
  });

  it("a malformed request line: a 400 page", async () => {
    const answer = await exchange("GET /\x00 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("could not be read");
    expect(answer).toContain(PRODUCT_NAME);
    // The declared length is the body's, so a browser shows the whole page.
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(Number(head.match(/content-length: (\d+)/i)?.[1])).toBe(
      Buffer.byteLength(body, "latin1"),
    );
  });
});
