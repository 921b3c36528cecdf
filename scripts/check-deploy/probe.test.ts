import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { probe } from "./probe.ts";

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  for (const server of servers.splice(0)) await new Promise((ok) => server.close(ok));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on("connection", (socket: Socket) => sockets.add(socket));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return (server.address() as AddressInfo).port;
}

describe("probe", () => {
  it("returns the answer as it came: no redirect followed, every Set-Cookie", async () => {
    const port = await listen(
      createHttpServer((_req, res) => {
        res.setHeader("set-cookie", ["a=1; Secure", "b=2; HttpOnly"]);
        res.writeHead(302, { location: "/elsewhere" });
        res.end("moved");
      }),
    );
    const answer = await probe(`http://127.0.0.1:${port}/`);
    expect(answer).toMatchObject({
      ok: true,
      status: 302,
      setCookies: ["a=1; Secure", "b=2; HttpOnly"],
      body: "moved",
    });
    expect(answer.ok && answer.headers.get("location")).toBe("/elsewhere");
  });

  it("says a name that does not resolve is DNS (RFC 2606's .invalid never does)", async () => {
    expect(await probe("https://hosted-ui.invalid/")).toMatchObject({ ok: false, failure: "dns" });
  });

  it("says a server that does not speak TLS is TLS failing", async () => {
    const port = await listen(
      createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n")),
    );
    expect(await probe(`https://127.0.0.1:${port}/`)).toMatchObject({ ok: false, failure: "tls" });
  });

  it("says a closed port is refused", async () => {
    const port = await listen(createServer());
    await new Promise((ok) => servers.pop()?.close(ok));
    expect(await probe(`http://127.0.0.1:${port}/`)).toMatchObject({
      ok: false,
      failure: "refused",
    });
  });

  it("gives up at the deadline on a server that never answers, or trickles", async () => {
    const silent = await listen(createServer(() => undefined));
    expect(await probe(`http://127.0.0.1:${silent}/`, { timeoutMs: 300 })).toMatchObject({
      ok: false,
      failure: "timeout",
    });
    const trickle = await listen(
      createHttpServer((_req, res) => {
        res.writeHead(200);
        const timer = setInterval(() => res.write("."), 50);
        res.on("close", () => clearInterval(timer));
      }),
    );
    expect(await probe(`http://127.0.0.1:${trickle}/`, { timeoutMs: 300 })).toMatchObject({
      ok: false,
      failure: "timeout",
    });
  });

  it("stops reading past the size cap", async () => {
    const port = await listen(createHttpServer((_req, res) => res.end("x".repeat(10_000))));
    expect(await probe(`http://127.0.0.1:${port}/`, { maxBytes: 1_000 })).toMatchObject({
      ok: false,
      failure: "too_large",
    });
  });
});
