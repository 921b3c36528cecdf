/**
 * A TCP proxy in front of the mock IdP that can stall: while stalled, it accepts connections and
 * takes bytes but forwards none, on new and kept-alive connections alike, as a hung load balancer
 * or a black-holed network does. The mock itself stays real; only the wire to it misbehaves.
 */
import { type AddressInfo, createServer, type Server, Socket } from "node:net";

export interface StallingProxy {
  /** `http://localhost:<port>`: point the app's `domain` here. */
  url: string;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

/**
 * Starts the proxy on a free port of 127.0.0.1, forwarding to `target` (an http origin).
 * @example const proxy = await startStallingProxy(idp.url); proxy.stall();
 */
export async function startStallingProxy(target: string): Promise<StallingProxy> {
  const { hostname, port } = new URL(target);
  let stalled = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    upstream.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname);
    client.on("data", (chunk) => {
      // Swallowed, never answered: the request hangs until its caller gives up.
      if (!stalled) upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      if (!stalled) client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
