import type { Context } from "hono";

/**
 * The request's Cookie header, as `c.req.header("cookie")` gives it.
 *
 * On @hono/node-server over HTTP/1, read from Node's parsed headers (`c.env.incoming.headers`)
 * while the request's `Headers` have not been made: `c.req.header()` makes node-server build a
 * `Headers` view for the request and check the value's every character again (the bench's
 * in-process "floor" is that read alone: most of a hit's budget), for the same string. The value
 * is the same as long as nothing rewrote the request's headers: that takes making them (through
 * `c.req.raw.headers`) or another `c.req.raw`, and either sends this request the generic way.
 * Node's parser has already trimmed the value and refused one with CR, LF or NUL, which
 * node-server checks for again.
 *
 * How node-server keeps the two (its incoming message and its `Headers`, under symbols of its
 * own) is learned from the first request read the generic way, by value, not by name. A
 * node-server that keeps them otherwise is read the generic way, every time.
 * @example const header = cookieHeader(c); // "cdash_session=…; theme=dark", or undefined
 */
export function cookieHeader(c: Context): string | undefined {
  const incoming = (c.env as { incoming?: NodeRequest } | undefined)?.incoming;
  if (incoming === undefined || incoming === null || incoming.httpVersionMajor !== 1) {
    return c.req.header("cookie");
  }
  const raw = c.req.raw as unknown as Record<symbol, unknown>;
  if (learned !== undefined) {
    if (raw[learned.incoming] === incoming && raw[learned.headers] === undefined) {
      const value = incoming.headers?.cookie;
      if (value === undefined || typeof value === "string") return value;
    }
    return c.req.header("cookie");
  }
  const value = c.req.header("cookie");
  if (tries < MAX_TRIES) {
    tries++;
    learn(raw, incoming);
  }
  return value;
}

/** Node's `IncomingMessage`, as much as is read here. */
interface NodeRequest {
  httpVersionMajor?: unknown;
  headers?: { cookie?: unknown };
}

/** Where node-server keeps a request's incoming message and its `Headers` once made. */
let learned: { incoming: symbol; headers: symbol } | undefined;
/** Requests looked at to learn it so far: a node-server that keeps them otherwise costs a few. */
let tries = 0;
const MAX_TRIES = 8;

/** After a generic read (which made the request's `Headers`): find both symbols by their values. */
function learn(raw: Record<symbol, unknown>, incoming: NodeRequest): void {
  let incomingKey: symbol | undefined;
  let headersKey: symbol | undefined;
  let headers: unknown;
  try {
    headers = (raw as unknown as Request).headers;
  } catch {
    return;
  }
  for (const key of Object.getOwnPropertySymbols(raw)) {
    const value = raw[key];
    if (value === incoming) incomingKey = key;
    else if (value === headers && typeof headers === "object" && headers !== null) headersKey = key;
  }
  if (incomingKey !== undefined && headersKey !== undefined) {
    learned = { incoming: incomingKey, headers: headersKey };
  }
}

/** For tests: forget what was learned, as a fresh process. */
export function forgetNodeRequestLayout(): void {
  learned = undefined;
  tries = 0;
}

/** For tests: whether the fast read is known. */
export function nodeRequestLayoutKnown(): boolean {
  return learned !== undefined;
}
