/**
 * A Lambda Function URL in front of the rehearsal's Lambda service, payload format 2.0 both ways
 * (https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html): the request becomes an
 * event with lower-case headers (repeated ones comma-joined), the Cookie header as a `cookies`
 * array, `rawPath`, `rawQueryString`, `requestContext.http`, a text body as is and any other body
 * base64; the result's `statusCode`, `headers`, `cookies` (one Set-Cookie each) and body (decoded
 * when `isBase64Encoded`) become the response, and a result without `statusCode` is a 200 JSON
 * body. A function error, a timeout or a runtime that died answers 502, as the URL does.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LambdaFunctionURLEvent } from "aws-lambda";
import type { LambdaService } from "./lambda-service.ts";
import { readBody } from "./read-body.ts";

/** Function URLs refuse request payloads above 6 MB. */
const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** Content types a Function URL passes as text; any other body arrives base64-encoded. */
const TEXT_TYPES = /^(text\/|application\/(json|javascript|xml|[\w.+-]+\+(json|xml))\b)/i;

/**
 * The request handler of a Function URL whose host is `host` (`<url-id>.lambda-url.<region>.on.aws`).
 * @example edge.route(host, functionUrl(host, lambda))
 */
export function functionUrl(
  host: string,
  lambda: Pick<LambdaService, "invoke">,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async function frontOfFunction(req, res) {
    const body = await readBody(req, MAX_REQUEST_BYTES);
    if (!body) {
      res.writeHead(413, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          Message: "Request must be smaller than 6291456 bytes for the InvokeFunction operation",
        }),
      );
      return;
    }
    const event = toEvent(host, req, body);
    const result = await lambda.invoke(JSON.stringify(event));
    if (result.kind === "error") {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ Message: "Internal Server Error" }));
      return;
    }
    writeResult(res, parse(result.payload));
  };
}

function toEvent(host: string, req: IncomingMessage, body: Buffer): LambdaFunctionURLEvent {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  const rawQueryString = q === -1 ? "" : url.slice(q + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] as string).toLowerCase();
    const value = req.rawHeaders[i + 1] as string;
    if (name === "cookie") {
      cookies = [
        ...(cookies ?? []),
        ...value
          .split(";")
          .map((c) => c.trim())
          .filter(Boolean),
      ];
    } else {
      headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    }
  }
  const sourceIp = (req.socket.remoteAddress ?? "127.0.0.1").replace(/^::ffff:/, "");
  headers.host = host;
  headers["x-forwarded-proto"] = "https";
  headers["x-forwarded-port"] = "443";
  headers["x-forwarded-for"] = sourceIp;
  headers["x-amzn-trace-id"] =
    `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const text = TEXT_TYPES.test(headers["content-type"] ?? "");
  const now = new Date();
  const urlId = host.split(".")[0] as string;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters: queryParameters(rawQueryString) } : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: urlId,
      domainName: host,
      domainPrefix: urlId,
      http: {
        method: req.method ?? "GET",
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: text ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: body.length > 0 && !text,
  };
}

/** Repeated parameters comma-joined, as Function URLs do. */
function queryParameters(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(raw))
    out[k] = out[k] === undefined ? v : `${out[k]},${v}`;
  return out;
}

function parse(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

function writeResult(res: ServerResponse, result: unknown): void {
  if (!result || typeof result !== "object" || !("statusCode" in result)) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(typeof result === "string" ? result : JSON.stringify(result));
    return;
  }
  const r = result as {
    statusCode: number;
    headers?: Record<string, unknown>;
    cookies?: string[];
    body?: string;
    isBase64Encoded?: boolean;
  };
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (r.cookies?.length) headers["set-cookie"] = r.cookies;
  const body =
    r.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(r.body, r.isBase64Encoded ? "base64" : "utf8");
  res.writeHead(r.statusCode, headers);
  res.end(body);
}
