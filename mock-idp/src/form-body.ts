import type { IncomingMessage } from "node:http";

/** A request body the mock refuses to read; carries the status to answer with. */
export class BodyError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = "BodyError";
    this.status = status;
  }
}

const LIMIT = 16 * 1024;

/**
 * Reads an `application/x-www-form-urlencoded` body of at most 16 KiB.
 * @example const form = await readForm(ctx.req); form.get("username")
 */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    throw new BodyError("expected an application/x-www-form-urlencoded body", 415);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMIT) throw new BodyError("request body too large", 413);
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
