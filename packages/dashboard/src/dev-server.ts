/**
 * `npm run dev [-- --lambda]`: the dashboard on http://localhost:$PORT (default 3000).
 * With no Cognito settings it signs in against the mock IdP (`npm run mock-idp`), so it works
 * offline with zero configuration. `--lambda` serves through the production handler instead.
 */
import { parseArgs } from "node:util";
import { type CognitoAuthOptions, hostedUiOrigin } from "@cognito-dashboard/cognito-auth";
import { CALLBACK_PATH, LOCAL_PORTS } from "@cognito-dashboard/local-dev";
import { ConfigError, resolveConfig } from "./config/resolve-config.ts";
import { type LocalServer, startLocalServer } from "./local-server.ts";

const DEFAULT_PORT = 3000;
const USAGE = "Usage: npm run dev [-- --lambda]   (PORT=3000 by default)";

/** The command line: `--lambda` and `--help`; anything else is refused with the usage. */
function readArgs(): { lambda: boolean } {
  let values: { lambda?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { lambda: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (err) {
    console.error(`[dashboard] ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return { lambda: values.lambda === true };
}

async function main(): Promise<void> {
  const mode = readArgs().lambda ? "lambda" : "app";
  const port = parsePort(process.env.PORT);

  if (!(LOCAL_PORTS as readonly number[]).includes(port)) {
    console.warn(
      `[dashboard] Warning: port ${port} is not a registered local port (${LOCAL_PORTS.join(", ")}). ` +
        `Cognito (and the mock IdP) will refuse the callback to http://localhost:${port}${CALLBACK_PATH}.`,
    );
  }

  let server: LocalServer;
  let sourceNote: string;
  if (mode === "app") {
    const config = await resolveConfig();
    for (const warning of config.warnings) console.warn(`[dashboard] ${warning}`);
    const domain =
      "domain" in config.auth ? config.auth.domain : "its hosted UI (asked at sign-in)";
    sourceNote = describeSource(config.source, domain);
    if (config.source === "mock") await warnIfMockDown(domain as string);
    server = await startLocalServer({ port, mode, config, hostname: process.env.HOST });
  } else {
    server = await startLocalServer({ port, mode, hostname: process.env.HOST });
    sourceNote = "through the Lambda handler (src/lambda.ts, Function URL events)";
  }
  console.log(`[dashboard] Dashboard ready on ${server.url} (${sourceNote})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      console.log("[dashboard] Forced exit.");
      process.exit(130);
    }
    stopping = true;
    console.log(`[dashboard] ${signal}: stopping…`);
    server.close().then(() => {
      console.log("[dashboard] Stopped.");
      process.exit(0);
    });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return DEFAULT_PORT;
  const port = Number(raw);
  // 0 picks a free port (tests); it is never a registered one, so the warning below applies.
  if (!/^\d+$/.test(raw.trim()) || port > 65535) {
    throw new ConfigError("PORT", `"${raw}" is not a port number (0 to 65535)`);
  }
  return port;
}

async function warnIfMockDown(url: string): Promise<void> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
  } catch {
    console.warn(
      `[dashboard] The mock IdP does not answer at ${url}: start it with \`npm run mock-idp\` (or run both with \`npm start\`).`,
    );
  }
}

function describeSource(source: string, domain: CognitoAuthOptions["domain"]) {
  const where = hostedUiOrigin(domain);
  if (source === "mock") return `signing in with the offline mock IdP at ${where}`;
  if (source === "sst") return `signing in with the SST-linked user pool at ${where}`;
  return `signing in with Cognito at ${where}`;
}

main().catch((err: unknown) => {
  // A person reads this: the setting to fix, not a stack trace.
  if (err instanceof ConfigError) {
    console.error(`[dashboard] Configuration error: ${err.message}`);
  } else if ((err as NodeJS.ErrnoException)?.code === "EADDRINUSE") {
    console.error(
      `[dashboard] Port ${process.env.PORT ?? DEFAULT_PORT} is already in use. Stop the other server or set PORT.`,
    );
  } else {
    console.error(
      `[dashboard] Could not start: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  process.exit(1);
});
