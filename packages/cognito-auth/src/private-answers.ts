import type { Context } from "hono";

/**
 * A signed-in answer is one user's: no shared cache (a CDN, a proxy) may keep it for another.
 * This module gives such an answer its `Cache-Control`, whatever the app set:
 *
 * - none: `private`;
 * - a value that already keeps shared caches out (`private` or `no-store`): kept as it is;
 * - any other (`public, max-age=60`, `no-cache`, `s-maxage=600`): made private, the browser's own
 *   caching kept: `public`, `s-maxage` and a field-qualified `private="…"` dropped, `private` put
 *   first (`private, max-age=60`).
 *
 * On `@hono/node-server` the header is settled in Node's `writeHead`, where the answer's headers
 * are already a plain object: reading `c.res.headers` after the handler instead makes node-server
 * build a `Headers` object for every answer, and `setHeader` before it sends every answer down
 * Node's slower path of merging headers. Elsewhere (Lambda, workers, `app.request()`) it is
 * settled on `c.res` after the handler.
 */

/**
 * The Cache-Control a signed-in answer goes out with, given the app's own value.
 * @example privateCacheControl("public, max-age=60") // "private, max-age=60"
 * @example privateCacheControl(null) // "private"
 */
export function privateCacheControl(value: string | null | undefined): string {
  if (value === null || value === undefined) return "private";
  const kept: string[] = [];
  for (const directive of directives(value)) {
    const eq = directive.indexOf("=");
    const name = (eq < 0 ? directive : directive.slice(0, eq)).trim().toLowerCase();
    if (name === "no-store" || (name === "private" && eq < 0)) return value;
    if (name === "public" || name === "s-maxage" || name === "private") continue;
    kept.push(directive);
  }
  return kept.length === 0 ? "private" : `private, ${kept.join(", ")}`;
}

/** A Cache-Control value's directives, trimmed; a comma inside a quoted value does not split. */
function directives(value: string): string[] {
  const found: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x22) quoted = !quoted;
    else if (code === 0x5c && quoted) i++;
    else if ((code === 0x2c && !quoted) || i === value.length) {
      const directive = value.slice(start, i).trim();
      if (directive !== "") found.push(directive);
      start = i + 1;
    }
  }
  return found;
}

/**
 * After the handler, off @hono/node-server: the answer's Cache-Control made private. Immutable
 * headers (a proxied fetch Response) are left as they are.
 * @example markPrivateAfter(c)
 */
export function markPrivateAfter(c: Context): void {
  try {
    const current = c.res.headers.get("cache-control");
    const wanted = privateCacheControl(current);
    if (wanted !== current) c.res.headers.set("cache-control", wanted);
  } catch {
    // Immutable headers: nothing can be changed on this answer.
  }
}

/** Node's `ServerResponse` (or HTTP/2's compatibility response), as much as is used here. */
interface NodeAnswer {
  headersSent?: unknown;
  writeHead?: unknown;
  getHeader?: unknown;
  setHeader?: unknown;
  [WRITE_HEAD]?: WriteHead;
}

type WriteHead = (this: NodeAnswer, status: number, a?: unknown, b?: unknown) => unknown;

/** Where the hooked answer keeps the `writeHead` it replaced. */
const WRITE_HEAD = Symbol("cognito-auth writeHead");

/**
 * On @hono/node-server, before the handler: Node's answer settles its Cache-Control when its
 * head is written (`writeHead`, which every way of answering goes through). Returns whether it
 * did; `false` elsewhere, or once the head is sent.
 * @example const marked = markPrivateOnNode(c); await next(); if (!marked) markPrivateAfter(c);
 */
export function markPrivateOnNode(c: Context): boolean {
  const outgoing = (c.env as { outgoing?: NodeAnswer } | undefined)?.outgoing;
  if (
    outgoing === undefined ||
    outgoing === null ||
    typeof outgoing.writeHead !== "function" ||
    typeof outgoing.getHeader !== "function" ||
    typeof outgoing.setHeader !== "function" ||
    outgoing.headersSent !== false
  ) {
    return false;
  }
  // Hooked once per answer: a second middleware instance in the chain finds it done.
  if (outgoing.writeHead === writeHeadPrivately) return true;
  outgoing[WRITE_HEAD] = outgoing.writeHead as WriteHead;
  outgoing.writeHead = writeHeadPrivately;
  return true;
}

/**
 * `writeHead(status[, statusMessage][, headers])` with the Cache-Control settled: the headers
 * given (an object, or Node's raw array of names and values in one list) win over those set
 * before with `setHeader`, as in Node, so the value looked at is theirs if they hold one.
 */
function writeHeadPrivately(this: NodeAnswer, status: number, a?: unknown, b?: unknown): unknown {
  const writeHead = this[WRITE_HEAD] as WriteHead;
  // `writeHead(status, headers)` or `writeHead(status, statusMessage, headers)`.
  const message = typeof a === "string";
  const headers = message ? b : a;
  let sent = headers;
  const given = cacheControlIn(headers);
  if (given === undefined) {
    const set = (this.getHeader as (name: string) => unknown).call(this, "cache-control");
    const current = set === undefined ? undefined : String(set);
    const wanted = privateCacheControl(current);
    if (current === undefined) {
      sent =
        headers === undefined || headers === null
          ? { "cache-control": wanted }
          : withHeader(headers, wanted);
    } else if (wanted !== current) {
      (this.setHeader as (name: string, value: string) => void).call(this, "cache-control", wanted);
    }
  } else {
    const wanted = privateCacheControl(given);
    if (wanted !== given) sent = withHeader(headers, wanted, true);
  }
  return message ? writeHead.call(this, status, a, sent) : writeHead.call(this, status, sent);
}

/** The Cache-Control value in `writeHead`'s headers (joined if several), or `undefined`. */
function cacheControlIn(headers: unknown): string | undefined {
  if (headers === undefined || headers === null || typeof headers !== "object") return undefined;
  // No closure and no array per answer: this runs on every signed-in answer.
  let found: string | undefined;
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i += 2)
      found = withValue(found, headers[i], headers[i + 1]);
  } else {
    for (const name in headers) {
      found = withValue(found, name, (headers as Record<string, unknown>)[name]);
    }
  }
  return found;
}

/** `found` with `value` joined to it when `name` is Cache-Control's. */
function withValue(found: string | undefined, name: unknown, value: unknown): string | undefined {
  if (typeof name !== "string" || name.length !== 13 || name.toLowerCase() !== "cache-control") {
    return found;
  }
  const text = Array.isArray(value) ? value.join(", ") : String(value);
  return found === undefined ? text : `${found}, ${text}`;
}

/**
 * A copy of `writeHead`'s headers with Cache-Control `value` (the app's own object is never
 * changed: it may be shared between answers), any Cache-Control of theirs dropped if `replace`.
 */
function withHeader(headers: unknown, value: string, replace = false): unknown {
  const isCacheControl = (name: unknown) =>
    replace && typeof name === "string" && name.toLowerCase() === "cache-control";
  if (Array.isArray(headers)) {
    const flat: unknown[] = [];
    for (let i = 0; i < headers.length; i += 2) {
      if (!isCacheControl(headers[i])) flat.push(headers[i], headers[i + 1]);
    }
    flat.push("cache-control", value);
    return flat;
  }
  const copy: Record<string, unknown> = {};
  for (const name in headers as Record<string, unknown>) {
    if (!isCacheControl(name)) copy[name] = (headers as Record<string, unknown>)[name];
  }
  copy["cache-control"] = value;
  return copy;
}
