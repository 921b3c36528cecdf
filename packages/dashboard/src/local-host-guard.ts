import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { isApiCall } from "./api-call.ts";
import { errorAnswer } from "./error-answer.tsx";

/** The names a browser uses for this machine. Cognito only accepts `localhost` callbacks anyway. */
const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a request is addressed to this machine: its `Host` header (and an absolute-form request
 * target, which Node's adapter prefers to `Host`) names a loopback host.
 *
 * Locally, the app builds `redirect_uri`, `logout_uri` and the cookies' scope from the request's
 * origin. Trusting any `Host` would let a DNS-rebinding page (evil.example resolving to 127.0.0.1)
 * or a hand-made request make the dev server send its OAuth redirects for another origin. On AWS
 * the origin is the Function URL's own domain, which the Lambda handler takes from the event.
 * @example isLoopbackRequest(req) // false for "Host: evil.example"
 */
export function isLoopbackRequest(req: Pick<IncomingMessage, "headers" | "url">): boolean {
  const target = req.url ?? "/";
  if (!target.startsWith("/")) {
    const url = URL.parse(target);
    if (url === null || url.protocol !== "http:" || !isLoopback(url)) return false;
  }
  const host = req.headers.host;
  // Only a host and an optional port: "localhost:3000", "127.0.0.1", "[::1]:5000".
  if (typeof host !== "string" || !/^[\w.:[\]-]{1,262}$/.test(host)) return false;
  const url = URL.parse(`http://${host}`);
  return url !== null && isLoopback(url);
}

/** The path of a request target, in origin form (`/a?b`) or absolute form (`http://h/a?b`). */
function targetPath(target = "/"): string {
  const path = target.startsWith("/") ? target : (URL.parse(target)?.pathname ?? "/");
  return path.split("?")[0] as string;
}

function isLoopback(url: URL): boolean {
  return url.username === "" && url.password === "" && LOOPBACK_HOSTNAMES.has(url.hostname);
}

/**
 * Wraps a local server's request listener: requests for another host get a 400 (the app's error
 * page, or JSON for API callers) and never reach the app.
 */
export function loopbackOnly(listener: RequestListener): RequestListener {
  return function loopbackOnlyRequest(req: IncomingMessage, res: ServerResponse) {
    if (isLoopbackRequest(req)) {
      listener(req, res);
      return;
    }
    const local = `http://localhost:${req.socket.localPort}`;
    const answer = errorAnswer(
      {
        status: 400,
        code: "unknown_host",
        title: "Unknown host",
        message: "This development server only answers requests for localhost.",
        action: { href: `${local}/`, label: `Open ${local}` },
      },
      isApiCall(targetPath(req.url), req.headers.accept),
    );
    res.writeHead(answer.status, { ...answer.headers, connection: "close" });
    res.end(answer.body);
    req.resume();
  };
}
