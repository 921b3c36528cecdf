import type { Server } from "node:http";
import type { Duplex } from "node:stream";

/** What Node's HTTP parser refused, as a status and a sentence a person can act on. */
function describe(code: string | undefined): [status: number, reason: string, message: string] {
  if (code === "HPE_HEADER_OVERFLOW") {
    return [
      431,
      "Request Header Fields Too Large",
      "The request headers were too large, most often because of too many cookies for localhost. Clear this site's cookies and try again.",
    ];
  }
  if (code === "ERR_HTTP_REQUEST_TIMEOUT" || code === "ERR_HTTP_HEADERS_TIMEOUT") {
    return [408, "Request Timeout", "The request took too long to arrive."];
  }
  return [400, "Bad Request", "The request could not be read."];
}

/**
 * Answers requests that Node's HTTP parser refuses before the app sees them (headers over 16 KB,
 * a malformed request line) with a short page instead of Node's empty answer. Nothing is logged:
 * the raw request holds the cookies.
 * @example answerClientErrors(createServer(listener))
 */
export function answerClientErrors(server: Server): Server {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, reason, message] = describe(error.code);
    const body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${reason}</title><h1>${reason}</h1><p>${message}</p></html>\n`;
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        "Content-Type: text/html; charset=utf-8\r\n" +
        "Cache-Control: no-store\r\n" +
        "X-Content-Type-Options: nosniff\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "Connection: close\r\n\r\n" +
        body,
    );
  });
  return server;
}
