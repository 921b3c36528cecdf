/**
 * A signed-in answer goes out with a Cache-Control that keeps shared caches out, whatever the app
 * set; on Node, settled in `writeHead` for every way a head gets written.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context } from "hono";
import { describe, expect, it } from "vitest";
import { markPrivateOnNode, privateCacheControl } from "./private-answers.ts";

describe("privateCacheControl", () => {
  it.each([
    [null, "private"],
    ["private", "private"],
    ["Private, max-age=30", "Private, max-age=30"],
    ["no-store", "no-store"],
    ["no-cache, NO-STORE", "no-cache, NO-STORE"],
    ["public, max-age=60", "private, max-age=60"],
    ["public", "private"],
    ["no-cache", "private, no-cache"],
    ["max-age=0, must-revalidate", "private, max-age=0, must-revalidate"],
    ["public, s-maxage=600, max-age=60", "private, max-age=60"],
    ['private="set-cookie", max-age=60', "private, max-age=60"],
    ['private="set-cookie, x-user", max-age=60', "private, max-age=60"],
    ['no-cache="set-cookie, x"', 'private, no-cache="set-cookie, x"'],
    ["", "private"],
    [" , ", "private"],
  ])("%j -> %j", (given, wanted) => {
    expect(privateCacheControl(given)).toBe(wanted);
  });
});

/** The Cache-Control each way of answering puts on the wire once the answer is hooked. */
async function onTheWire(answer: (res: ServerResponse) => void): Promise<string | null> {
  const server = createServer((_req, res) => {
    expect(markPrivateOnNode({ env: { outgoing: res } } as unknown as Context)).toBe(true);
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/`);
    await res.arrayBuffer();
    return res.headers.get("cache-control");
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe("markPrivateOnNode", () => {
  it.each<[string, (res: ServerResponse) => void, string]>([
    ["writeHead with headers", (res) => res.writeHead(200, { "x-a": "1" }).end("x"), "private"],
    ["writeHead alone", (res) => res.writeHead(204).end(), "private"],
    ["end without a head (implicit)", (res) => res.end("x"), "private"],
    [
      "the app's public value in writeHead, with a status message",
      (res) => res.writeHead(200, "OK", { "Cache-Control": "public, max-age=5" }).end("x"),
      "private, max-age=5",
    ],
    [
      "a raw array of names and values",
      (res) => res.writeHead(200, ["X-A", "1", "cache-control", "no-cache"]).end("x"),
      "private, no-cache",
    ],
    [
      "a raw array without Cache-Control",
      (res) => res.writeHead(200, ["X-A", "1"]).end("x"),
      "private",
    ],
    [
      "setHeader before an implicit head",
      (res) => {
        res.setHeader("Cache-Control", "public");
        res.end("x");
      },
      "private",
    ],
    [
      "setHeader, then writeHead with other headers",
      (res) => {
        res.setHeader("cache-control", "public, max-age=9");
        res.writeHead(200, { "x-a": "1" }).end("x");
      },
      "private, max-age=9",
    ],
    [
      "setHeader of a private value",
      (res) => {
        res.setHeader("cache-control", "private, max-age=9");
        res.writeHead(200).end("x");
      },
      "private, max-age=9",
    ],
    [
      "writeHead's value over setHeader's, as in Node",
      (res) => {
        res.setHeader("cache-control", "no-store");
        res.writeHead(200, { "cache-control": "public" }).end("x");
      },
      "private",
    ],
  ])("%s", async (_name, answer, wanted) => {
    expect(await onTheWire(answer)).toBe(wanted);
  });

  it("never changes the app's own headers object (it may serve many answers)", async () => {
    const shared = Object.freeze({ "cache-control": "public, max-age=60", "x-a": "1" });
    expect(await onTheWire((res) => res.writeHead(200, shared).end("x"))).toBe(
      "private, max-age=60",
    );
    expect(await onTheWire((res) => res.writeHead(200, shared).end("x"))).toBe(
      "private, max-age=60",
    );
  });

  it("hooks an answer once, and not one whose head is sent, nor anything but Node's answer", async () => {
    expect(
      await onTheWire((res) => {
        expect(markPrivateOnNode({ env: { outgoing: res } } as unknown as Context)).toBe(true);
        res.end("x");
      }),
    ).toBe("private");
    expect(
      await onTheWire((res) => {
        res.writeHead(200, { "cache-control": "public" });
        expect(markPrivateOnNode({ env: { outgoing: res } } as unknown as Context)).toBe(false);
        res.end("x");
      }),
    ).toBe("private"); // hooked by onTheWire before the head went out
    for (const env of [undefined, {}, { outgoing: {} }, { outgoing: null }]) {
      expect(markPrivateOnNode({ env } as unknown as Context)).toBe(false);
    }
  });
});
