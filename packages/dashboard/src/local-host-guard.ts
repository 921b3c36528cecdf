import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

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

function isLoopback(url: URL): boolean {
  return url.username === "" && url.password === "" && LOOPBACK_HOSTNAMES.has(url.hostname);
}

/**
 * Wraps a local server's request listener: requests for another host get a 400 (a short page, or
 * JSON for API callers) and never reach the app.
 * @example createServer(loopbackOnly(getRequestListener(app.fetch)))
 */
export function loopbackOnly(listener: RequestListener): RequestListener {
  return function loopbackOnlyRequest(req: IncomingMessage, res: ServerResponse) {
    if (isLoopbackRequest(req)) {
      listener(req, res);
      return;
    }
    const message =
      "This development server only answers requests for localhost. Open it at http://localhost:<port>.";
    const json = !(req.headers.accept ?? "").includes("text/html");
    res.writeHead(400, {
      "content-type": json ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      connection: "close",
    });
    res.end(
      json
        ? JSON.stringify({ error: "unknown_host", message })
        : `<!doctype html><html lang="en"><meta charset="utf-8"><title>Unknown host</title><h1>Unknown host</h1><p>${message.replace("<port>", "&lt;port&gt;")}</p></html>\n`,
    );
    req.resume();
  };
}
