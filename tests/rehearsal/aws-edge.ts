/**
 * AWS's side of the rehearsal on 127.0.0.1:443: one TLS server that answers for the real host
 * names (the Function URL's, the hosted UI's, `cognito-idp.<region>.amazonaws.com`), each with
 * its own handler: the Function URL front, or the mock IdP behind a proxy. The mock answers only
 * loopback names (its guard against DNS rebinding), so the proxy gives it `Host: 127.0.0.1:<port>`
 * and turns any absolute URL it sends back (Location) into the public name again. The mock's pool
 * reports its own hosted-UI prefix (`mock-idp-local`); the proxy of the user-pool API reports the
 * stack's instead, as the real pool does once the stack's UserPoolDomain exists.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface AwsEdge {
  port: number;
  /** Answers requests for `host` with `handler`. */
  route(host: string, handler: Handler): void;
  close(): Promise<void>;
}

/**
 * Starts the edge with a certificate for every name it will route.
 * @example const edge = await startAwsEdge({ key, cert }); edge.route(host, handler)
 */
export async function startAwsEdge(
  tls: { key: string; cert: string },
  port = 443,
): Promise<AwsEdge> {
  const routes = new Map<string, Handler>();
  const server: Server = createServer(tls, (req, res) => {
    const host = (req.headers.host ?? "").replace(/:443$/, "").toLowerCase();
    const handler = routes.get(host);
    if (!handler) {
      res.writeHead(421, { "content-type": "text/plain" });
      res.end("no such host in this rehearsal\n");
      return;
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      console.error(`[edge] ${host}: ${(error as Error).message}`);
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("bad gateway\n");
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => ok());
  });
  return {
    port: (server.address() as AddressInfo).port,
    route: (host, handler) => routes.set(host.toLowerCase(), handler),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/**
 * A proxy to a loopback HTTP server that believes it is `publicHost` over https.
 * @example edge.route(hostedUiHost, proxyTo(idp.url, hostedUiHost))
 */
export function proxyTo(
  target: string,
  publicHost: string,
  options: { poolDomain?: string } = {},
): Handler {
  const to = new URL(target);
  return (req, res) =>
    new Promise<void>((done, fail) => {
      const upstream = httpRequest(
        {
          host: to.hostname,
          port: to.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: to.host },
          timeout: 15_000,
        },
        (answer) => {
          const headers = { ...answer.headers };
          const location = headers.location;
          if (location?.startsWith(to.origin)) {
            headers.location = `https://${publicHost}${location.slice(to.origin.length)}`;
          }
          const operation = String(req.headers["x-amz-target"] ?? "")
            .split(".")
            .pop();
          if (options.poolDomain && operation === "DescribeUserPool" && answer.statusCode === 200) {
            void withPoolDomain(answer, options.poolDomain).then((body) => {
              headers["content-length"] = String(body.length);
              res.writeHead(200, headers);
              res.end(body);
              done();
            }, fail);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, headers);
          answer.pipe(res);
          answer.once("end", done);
          answer.once("error", fail);
        },
      );
      upstream.once("timeout", () => upstream.destroy(new Error("the mock did not answer")));
      upstream.once("error", fail);
      req.pipe(upstream);
    });
}

async function withPoolDomain(answer: IncomingMessage, domain: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of answer) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  if (body.UserPool) body.UserPool.Domain = domain;
  return Buffer.from(JSON.stringify(body));
}

/**
 * What Cognito's API answers a role whose IAM policy lacks the call: IAM's refusal, before the
 * pool is even looked at (400, `AccessDeniedException`, AWS JSON 1.1). The request body is drained.
 * @example accessDenied(req, res, "User is not authorized to perform: cognito-idp:ListUsers")
 */
export function accessDenied(req: IncomingMessage, res: ServerResponse, message: string): void {
  req.resume();
  res.writeHead(400, {
    "content-type": "application/x-amz-json-1.1",
    "x-amzn-errortype": "AccessDeniedException",
  });
  res.end(JSON.stringify({ __type: "AccessDeniedException", message }));
}
