/**
 * A long soak of one server with the middleware: hits, misses and renewals under load from
 * autocannon, with full logins alongside, for as many minutes as asked; every `--sample` seconds
 * the server's memory after a full collection (heap, external, array buffers) and its RSS. It
 * answers one question: does the RSS settle, and if not, what holds it. Not part of `npm run
 * bench` (it takes minutes by design).
 *
 *   node bench/soak.ts --minutes 10            # prints a line per sample and a verdict
 *   node bench/soak.ts --minutes 10 --out /tmp/soak.json
 *   SOAK_ENV="MALLOC_ARENA_MAX=2" node bench/soak.ts --minutes 10   # the server with that env
 */
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { CALLBACK_PATH, LOGIN_PATH } from "@cognito-dashboard/local-dev";
import autocannon from "autocannon";
import { ME_PATH } from "./apps/no-auth.ts";
import type { Credentials } from "./browser.ts";
import { forkChild, startChild } from "./child.ts";
import type { IdpInfo } from "./idp-tokens.ts";
import { collectSessions, loginOnce } from "./login.ts";
import type { MockIdpRequest } from "./mock-idp-child.ts";
import { freePort } from "./ports.ts";
import { procMemory } from "./proc-memory.ts";
import type { ServerInfo, ServerRequest } from "./server-child.ts";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const minutes = option("minutes", 10);
const sampleSeconds = option("sample", 20);
const distinct = option("sessions", 1500);
const outAt = args.indexOf("--out");
const out = outAt >= 0 ? args[outAt + 1] : undefined;
const MIB = 2 ** 20;

interface Sample {
  seconds: number;
  requests: number;
  logins: number;
  rssMiB: number;
  heapUsedMiB: number;
  /** What V8 holds from the system for its heap (used or not). */
  heapTotalMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
}

const credentials: Credentials = {
  username: "soak@example.com",
  password: randomBytes(12).toString("base64url"),
};
const port = await freePort();
const mockRequest: MockIdpRequest = {
  extraCallbackUrls: [`http://localhost:${port}${CALLBACK_PATH}`],
  users: [{ email: credentials.username, password: credentials.password, name: "Soak User" }],
  // Cognito's shortest: sessions renew while the soak runs.
  idTokenTtl: 300,
  accessTokenTtl: 300,
};
const mock = await startChild<IdpInfo>(
  new URL("./mock-idp-child.ts", import.meta.url),
  mockRequest,
);
const serverEnv = Object.fromEntries(
  (process.env.SOAK_ENV ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
);
const pending = forkChild(new URL("./server-child.ts", import.meta.url), {
  args: ["cognito-auth"],
  env: { ...process.env, ...serverEnv },
});
const server = await pending.start<ServerInfo>({
  scenario: "cognito-auth",
  port,
  idp: mock.info,
} satisfies ServerRequest);
try {
  const start = new URL(LOGIN_PATH, `http://localhost:${port}`);
  const target = { start, sessionCookie: "cdash_session" };
  console.error(`signing in ${distinct} sessions…`);
  const sessions = await collectSessions(target, credentials, distinct, 10);
  // Every other request the same session (a hit), the others in turn (misses, the cache churning).
  const hit = sessions[0] as string;
  const mixed = sessions.flatMap((cookie) => [hit, cookie]);
  const url = `http://127.0.0.1:${port}${ME_PATH}`;
  const samples: Sample[] = [];
  const began = performance.now();
  let requests = 0;
  let logins = 0;
  let failures = 0;
  const sample = async () => {
    const memory = await server.memoryAfterGc();
    const rss = (await procMemory(server.process.pid))?.rssMiB ?? memory.rss / MIB;
    const row: Sample = {
      seconds: Math.round((performance.now() - began) / 1000),
      requests,
      logins,
      rssMiB: rss,
      heapUsedMiB: memory.heapUsed / MIB,
      heapTotalMiB: memory.heapTotal / MIB,
      externalMiB: memory.external / MIB,
      arrayBuffersMiB: memory.arrayBuffers / MIB,
    };
    samples.push(row);
    console.log(
      `${String(row.seconds).padStart(5)} s  ${String(row.requests).padStart(9)} requests ${String(row.logins).padStart(6)} logins  RSS ${row.rssMiB.toFixed(1)} MiB  heap ${row.heapUsedMiB.toFixed(1)} of ${row.heapTotalMiB.toFixed(1)}  external ${row.externalMiB.toFixed(1)}  array buffers ${row.arrayBuffersMiB.toFixed(1)} MiB`,
    );
  };
  await sample();
  const end = began + minutes * 60_000;
  // Logins alongside the load, one at a time, for the whole soak.
  const loginLoop = (async () => {
    while (performance.now() < end) {
      const { ok } = await loginOnce(target, credentials).catch(() => ({ ok: false }));
      if (ok) logins++;
      else failures++;
    }
  })();
  let turn = 0;
  while (performance.now() < end) {
    const seconds = Math.max(1, Math.min(sampleSeconds, (end - performance.now()) / 1000));
    const result = await new Promise<{ ok: number; failed: number }>((resolve, reject) => {
      autocannon(
        {
          url,
          connections: 10,
          duration: seconds,
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, cookie: mixed[turn++ % mixed.length] as string },
              }),
            },
          ],
        },
        (error, done) =>
          error
            ? reject(error)
            : resolve({ ok: done["2xx"], failed: done.non2xx + done.errors + done.timeouts }),
      );
    });
    requests += result.ok;
    failures += result.failed;
    await sample();
  }
  await loginLoop;
  const third = samples.slice(Math.floor((samples.length * 2) / 3));
  const first = third[0];
  const last = third[third.length - 1];
  const verdict =
    first && last
      ? `last third: RSS ${first.rssMiB.toFixed(1)} -> ${last.rssMiB.toFixed(1)} MiB, heap after GC ${first.heapUsedMiB.toFixed(1)} -> ${last.heapUsedMiB.toFixed(1)} MiB, external ${first.externalMiB.toFixed(1)} -> ${last.externalMiB.toFixed(1)} MiB`
      : "too short to say";
  console.log(
    `soak: ${minutes} min, ${requests} requests and ${logins} logins, ${failures} failures; ${verdict}; peak RSS ${(await procMemory(server.process.pid))?.peakRssMiB.toFixed(1)} MiB`,
  );
  if (out) await writeFile(out, `${JSON.stringify({ minutes, serverEnv, samples }, null, 2)}\n`);
} finally {
  await server.stop();
  await mock.stop();
}
