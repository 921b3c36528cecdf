import { createServer } from "node:net";

/**
 * A port that was free a moment ago on 127.0.0.1. Used where a URL must be known before its
 * server starts (the mock IdP registers the callback URLs of the apps it will redirect to).
 * @example const port = await freePort()
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP port assigned");
  return address.port;
}
