import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from "aws-lambda";
import { isApiCall } from "./api-call.ts";
import { errorAnswer } from "./error-answer.tsx";
import type { FunctionUrlHandler } from "./lambda-handler.ts";
import { statusContent } from "./pages/error-text.ts";
import { redactSecrets } from "./redact-secrets.ts";

/** Function URLs refuse request payloads above 6 MB; the bridge does the same. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * Turns a Node HTTP request into the event a Lambda Function URL would send (payload 2.0): the
 * Cookie header split into `cookies`, other headers lower-cased and comma-joined, the body base64.
 * @example toFunctionUrlEvent(req, await readBody(req))
 */
export function toFunctionUrlEvent(req: IncomingMessage, body: Buffer): LambdaFunctionURLEvent {
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQueryString = q === -1 ? "" : rawUrl.slice(q + 1);
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.join(",") : value;
    if (name === "cookie") {
      cookies = joined
        .split(";")
        .map((c) => c.trim())
        .filter(Boolean);
    } else {
      headers[name] = joined;
    }
  }
  const host = headers.host ?? "localhost";
  headers["x-forwarded-proto"] = "http";
  const sourceIp = req.socket.remoteAddress ?? "127.0.0.1";
  const now = new Date();
  const event: LambdaFunctionURLEvent = {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: "anonymous",
      apiId: "local",
      domainName: host,
      domainPrefix: host.split(".")[0] ?? host,
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
    isBase64Encoded: body.length > 0,
  };
  if (cookies?.length) event.cookies = cookies;
  if (rawQueryString) event.queryStringParameters = queryParameters(rawQueryString);
  if (body.length > 0) event.body = body.toString("base64");
  return event;
}

/**
 * Writes a Function URL result to a Node response: status, headers, each `cookies` entry as its
 * own Set-Cookie header, and the body (base64-decoded when flagged).
 * @example writeFunctionUrlResult(res, await handler(event))
 */
export function writeFunctionUrlResult(res: ServerResponse, result: LambdaFunctionURLResult): void {
  // A bare string result means 200 application/json, as the Function URL service reads it.
  if (typeof result === "string") {
    res.writeHead(200, { "content-type": "application/json" }).end(result);
    return;
  }
  const { statusCode = 200, headers = {}, cookies = [], body = "", isBase64Encoded } = result;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, String(value));
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.statusCode = statusCode;
  res.end(isBase64Encoded ? Buffer.from(body, "base64") : body);
}

/**
 * A Node request listener that serves through a Function URL handler, as AWS would call it. The
 * handler is asked for per request, so a module with a cold-start `await` can load lazily.
 * @example createServer(functionUrlListener(async () => handler)).listen(3000)
 */
export function functionUrlListener(
  getHandler: () => Promise<FunctionUrlHandler>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return function functionUrlRequest(req, res) {
    serveOne(req, res, getHandler).catch((err: unknown) => {
      console.error(
        `[dashboard] lambda bridge failed on ${req.method} ${(req.url ?? "").split("?")[0]}: ${redactSecrets(String(err))}`,
      );
      if (res.headersSent) {
        res.end();
        return;
      }
      refuse(req, res, 502, "handler_failed");
    });
  };
}

async function serveOne(
  req: IncomingMessage,
  res: ServerResponse,
  getHandler: () => Promise<FunctionUrlHandler>,
): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    refuse(req, res, 413, "request_too_large");
    return;
  }
  const handler = await getHandler();
  writeFunctionUrlResult(res, await handler(toFunctionUrlEvent(req, body)));
}

/** The app's error page (JSON for API callers) for what the bridge itself refuses. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string): void {
  const path = (req.url ?? "/").split("?")[0] as string;
  const answer = errorAnswer(
    { ...statusContent(status), code },
    isApiCall(path, req.headers.accept),
  );
  res.writeHead(answer.status, answer.headers).end(answer.body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function queryParameters(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = safeDecode(eq === -1 ? part : part.slice(0, eq));
    const value = safeDecode(eq === -1 ? "" : part.slice(eq + 1));
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}
