import { createServer } from "node:net";

/**
 * Where {@link freePort} looks: below Linux's ephemeral range (32768-60999 by default), so the
 * port cannot be handed to an outgoing connection or another `listen(0)` between this check and
 * the server's own listen (seen: EADDRINUSE on a port freePort had just returned).
 */
const LOW = 20_000;
const HIGH = 32_767;
/** Ports already handed out by this process: none is handed out twice, even if not bound yet. */
const handedOut = new Set<number>();

/**
 * A port that was free a moment ago on 127.0.0.1. Used where a URL must be known before its
 * server starts (the mock IdP registers the callback URLs of the apps it will redirect to).
 * @example const port = await freePort()
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (handedOut.has(port) || !(await listens(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free TCP port found between ${LOW} and ${HIGH} on 127.0.0.1`);
}

/** Whether a server can listen on `port` now (it is closed again before this returns). */
async function listens(port: number): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => resolve(true));
  });
  if (ok) await new Promise<void>((resolve) => server.close(() => resolve()));
  return ok;
}
