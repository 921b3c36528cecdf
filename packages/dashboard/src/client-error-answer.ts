import { type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type ErrorAnswer, errorAnswer } from "./error-answer.tsx";
import { statusContent } from "./pages/error-text.ts";

/**
 * What Node's HTTP parser refused, as the app's error page. Always a page: a request Node could
 * not parse has no headers to tell an API caller by.
 */
function describe(code: string | undefined): ErrorAnswer {
  if (code === "HPE_HEADER_OVERFLOW") {
    const message =
      "The request headers were too large, most often because of too many cookies for localhost. Clear this site's cookies and try again.";
    return errorAnswer({ ...statusContent(431, message), code: "headers_too_large" }, false);
  }
  if (code === "ERR_HTTP_REQUEST_TIMEOUT" || code === "ERR_HTTP_HEADERS_TIMEOUT") {
    return errorAnswer({ ...statusContent(408), code: "request_timeout" }, false);
  }
  return errorAnswer({ ...statusContent(400), code: "bad_request" }, false);
}

/**
 * Answers requests that Node's HTTP parser refuses before the app sees them (headers over 16 KB,
 * a malformed request line) with the app's error page instead of Node's empty answer. Nothing is logged:
 * the raw request holds the cookies.
 */
export function answerClientErrors(server: Server): Server {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, headers, body } = describe(error.code);
    const head = Object.entries({
      ...headers,
      "content-length": String(Buffer.byteLength(body)),
      connection: "close",
    }).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join("")}\r\n${body}`);
  });
  return server;
}
