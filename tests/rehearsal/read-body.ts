import type { IncomingMessage } from "node:http";

/**
 * A request's body, or `undefined` past `maxBytes` (Lambda's and Function URLs' 6 MB limits).
 * @example const body = await readBody(req, 6 * 1024 * 1024)
 */
export async function readBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
