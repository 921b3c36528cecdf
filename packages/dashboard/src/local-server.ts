import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { type AppConfig, createApp } from "./app.tsx";
import { answerClientErrors } from "./client-error-answer.ts";
import { functionUrlListener } from "./function-url-bridge.ts";
import type { FunctionUrlHandler } from "./lambda-handler.ts";
import { loopbackOnly } from "./local-host-guard.ts";

export interface LocalServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to "localhost": a dev server with mock credentials stays off the network. */
  hostname?: string;
  /**
   * "app": serve `createApp(config)` directly. "lambda": serve through the production entry point,
   * `src/lambda.ts`'s `handler`, with each request turned into a Function URL event.
   */
  mode: "app" | "lambda";
  /** Required in "app" mode; in "lambda" mode the handler resolves its own, as on AWS. */
  config?: AppConfig;
}

export interface LocalServer {
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, lets requests in flight finish (at most `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Starts the dashboard on a local port, in either mode. It answers only requests addressed to
 * localhost (see `local-host-guard.ts`): the app builds its OAuth redirects from the request's
 * origin, so a foreign `Host` must never reach it.
 * @example const { url, close } = await startLocalServer({ port: 3000, mode: "app", config });
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const hostname = options.hostname ?? "localhost";
  let lambdaHandler: Promise<FunctionUrlHandler> | undefined;
  let server: Server;
  if (options.mode === "app") {
    if (!options.config) throw new Error("startLocalServer: `config` is required in app mode");
    server = createServer(loopbackOnly(getRequestListener(createApp(options.config).fetch)));
  } else {
    server = createServer(
      loopbackOnly(
        functionUrlListener(() => {
          if (!lambdaHandler) throw new Error("the Lambda handler is not loaded yet");
          return lambdaHandler;
        }),
      ),
    );
  }
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  if (options.mode === "lambda") {
    // On AWS the handler sees https://<function-url>; here it must build http://localhost URLs
    // for the callback and logout, so the public origin is given before the module loads.
    process.env.BASE_URL ??= url;
    lambdaHandler = import("./lambda.ts").then((m) => m.handler);
    try {
      await lambdaHandler;
    } catch (err) {
      server.close();
      throw err;
    }
  }
  return {
    url,
    port,
    server,
    close: (graceMs = 3000) => closeServer(server, graceMs),
  };
}

function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}
