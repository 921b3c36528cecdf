/**
 * One Lambda execution environment's Runtime API, as AWS documents it for custom runtimes and the
 * runtime interface clients (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html):
 * `GET /2018-06-01/runtime/invocation/next` (long poll: the next event, with the request id,
 * deadline, function ARN and trace id as headers), `POST .../invocation/<id>/response`,
 * `POST .../invocation/<id>/error`, `POST /2018-06-01/runtime/init/error`. An environment runs
 * one invocation at a time; the service (lambda-service.ts) decides which environment gets which.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./read-body.ts";

const PREFIX = "/2018-06-01/runtime";
/** Lambda refuses response payloads above 6 MB (synchronous invocations). */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** How an invocation ended, as the service sees it. */
export type InvocationResult =
  | { kind: "response"; payload: string }
  | { kind: "error"; errorType: string; payload: string };

interface Pending {
  id: string;
  event: string;
  deadline: number;
  settle(result: InvocationResult): void;
}

/**
 * The Runtime API of one environment, on 127.0.0.1 (a free port), for its runtime client.
 * @example const api = await RuntimeApi.start("arn:aws:lambda:eu-west-1:123456789012:function:f"); api.address // "127.0.0.1:41234"
 */
export class RuntimeApi {
  /** The `AWS_LAMBDA_RUNTIME_API` value for the runtime client. */
  readonly address: string;
  /** Set when the runtime reported an init error. */
  initError?: { errorType: string; payload: string };
  private waiting?: ServerResponse;
  private queued?: Pending;
  private current?: Pending;
  private onInitError?: () => void;

  private readonly server: Server;
  private readonly functionArn: string;

  private constructor(server: Server, functionArn: string) {
    this.server = server;
    this.functionArn = functionArn;
    const { port } = server.address() as AddressInfo;
    this.address = `127.0.0.1:${port}`;
  }

  static async start(functionArn: string): Promise<RuntimeApi> {
    const server = createServer();
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const api = new RuntimeApi(server, functionArn);
    server.on("request", (req, res) => api.route(req, res));
    return api;
  }

  /** Calls `listener` once if the runtime reports an init error. */
  whenInitFails(listener: () => void): void {
    this.onInitError = listener;
  }

  /**
   * Hands one event to the runtime and waits for its answer (or its error).
   * @example const result = await api.invoke(JSON.stringify(event), 20_000)
   */
  invoke(event: string, timeoutMs: number): Promise<InvocationResult> {
    if (this.queued || this.current) throw new Error("this environment is busy");
    return new Promise((settle) => {
      this.queued = { id: randomUUID(), event, deadline: Date.now() + timeoutMs, settle };
      this.deliver();
    });
  }

  /** Ends the invocation in progress, if any, with an error (the environment died or timed out). */
  abort(errorType: string, message: string): void {
    const pending = this.current ?? this.queued;
    this.current = undefined;
    this.queued = undefined;
    pending?.settle({
      kind: "error",
      errorType,
      payload: JSON.stringify({ errorType, errorMessage: message }),
    });
  }

  async close(): Promise<void> {
    this.waiting?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  private deliver(): void {
    const next = this.queued;
    const res = this.waiting;
    if (!next || !res) return;
    this.queued = undefined;
    this.waiting = undefined;
    this.current = next;
    res.writeHead(200, {
      "content-type": "application/json",
      "lambda-runtime-aws-request-id": next.id,
      "lambda-runtime-deadline-ms": String(next.deadline),
      "lambda-runtime-invoked-function-arn": this.functionArn,
      "lambda-runtime-trace-id": `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replaceAll("-", "").slice(0, 24)};Sampled=0`,
    });
    res.end(next.event);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? "";
    if (req.method === "GET" && path === `${PREFIX}/invocation/next`) {
      this.waiting = res;
      this.deliver();
      return;
    }
    const raw = await readBody(req, MAX_PAYLOAD_BYTES);
    const body = raw?.toString("utf8");
    if (body === undefined)
      return reply(res, 413, {
        errorMessage: "payload too large",
        errorType: "RequestEntityTooLarge",
      });
    const done = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(path);
    if (req.method === "POST" && done) {
      const current = this.current;
      if (!current || decodeURIComponent(done[1] as string) !== current.id) {
        return reply(res, 400, {
          errorMessage: "unknown request id",
          errorType: "InvalidRequestID",
        });
      }
      this.current = undefined;
      reply(res, 202, { status: "OK" });
      if (done[2] === "response") current.settle({ kind: "response", payload: body });
      else {
        const errorType = String(req.headers["lambda-runtime-function-error-type"] ?? "Unhandled");
        current.settle({ kind: "error", errorType, payload: body });
      }
      return;
    }
    if (req.method === "POST" && path === `${PREFIX}/init/error`) {
      const errorType = String(
        req.headers["lambda-runtime-function-error-type"] ?? "Runtime.InitError",
      );
      this.initError = { errorType, payload: body };
      reply(res, 202, { status: "OK" });
      this.onInitError?.();
      return;
    }
    reply(res, 404, { errorMessage: "not found", errorType: "NotFound" });
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
