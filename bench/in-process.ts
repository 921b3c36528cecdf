/**
 * What the middleware adds to one request's CPU time, measured in this process, through
 * @hono/node-server's request listener (the code `serve()` runs per request), without sockets,
 * a load generator or a second process in the way: the same route, the same request (the same
 * cookie header), with and without the middleware.
 *
 * Sessions of three kinds: the default (Cognito's refresh token of about 1,800 characters and its
 * access token, kept: two cookies), the same without the access token (`keepAccessToken: false`:
 * one cookie), and a small one (a mock IdP's refresh token, no access token). For each: no auth
 * and the floor (an empty middleware that reads the Cookie header), sent the same header; a hit
 * (one session over and over: the middleware's cache of opened sessions answers); a miss
 * (sessions sent in turn, three times more than it caches, so that every request opens one).
 * Rounds interleave the variants; each variant's CPU per request is the median of its rounds, and
 * "added" is the median of its round-by-round differences to no auth's.
 */

import { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { createCognitoAuthApp } from "./apps/cognito-auth.ts";
import { createCookieReadingApp, createNoAuthApp, ME_PATH } from "./apps/no-auth.ts";
import { startFakeHostedUi } from "./fake-hosted-ui.ts";
import { mintSessions } from "./mint-sessions.ts";
import type { BenchSettings } from "./settings.ts";
import { median } from "./stats.ts";

const ORIGIN = "http://localhost:3000";

/**
 * The sessions measured: `default` is what the middleware keeps by default with Cognito's tokens
 * (the targets are judged on it); the others show what leaving the access token out gives.
 */
export const SESSION_KINDS = [
  { id: "default", refreshToken: "cognito", keepAccessToken: true },
  { id: "no-access", refreshToken: "cognito", keepAccessToken: false },
  { id: "small", refreshToken: "short", keepAccessToken: false },
] as const;

export interface InProcessVariant {
  id: string;
  /** Cookie header bytes (the mean, for variants that rotate). */
  cookieBytes: number;
  /** Median over rounds of CPU time per request, in microseconds. */
  cpuUs: number;
  /** Each round's CPU time per request. */
  roundCpuUs: number[];
  /** Median over rounds of (this variant - no auth at the same cookie size), per request. */
  addedUs: number;
}

export interface InProcessResult {
  requestsPerRound: number;
  rounds: number;
  distinctSessions: number;
  variants: InProcessVariant[];
}

interface Variant {
  id: string;
  listener: ReturnType<typeof getRequestListener>;
  cookies: string[];
  baseline?: string;
}

/**
 * Runs the in-process comparison.
 * @example const result = await measureInProcess(FULL.inProcess, console.log)
 */
export async function measureInProcess(
  settings: BenchSettings["inProcess"],
  log: (line: string) => void,
): Promise<InProcessResult> {
  const idp = await startFakeHostedUi();
  try {
    const sessionSecret = "in-process-bench-session-secret-0123456789";
    const middleware = (keepAccessToken: boolean) =>
      createCognitoAuthApp(idp, { sessionSecrets: [sessionSecret], keepAccessToken });
    const noAuth = getRequestListener(createNoAuthApp().fetch);
    const floor = getRequestListener(createCookieReadingApp().fetch);

    const variants: Variant[] = [];
    for (const kind of SESSION_KINDS) {
      const auth = middleware(kind.keepAccessToken);
      const withAuth = getRequestListener(auth.fetch);
      idp.refreshTokenLength =
        kind.refreshToken === "cognito" ? settings.cognitoRefreshToken : settings.shortRefreshToken;
      log(`  in-process: signing in ${settings.distinctSessions} times (${kind.id} session)`);
      const cookies = await mintSessions(auth, idp, settings.distinctSessions, ORIGIN);
      const one = [cookies[0] as string];
      const baseline = `no-auth-${kind.id}`;
      variants.push(
        { id: baseline, listener: noAuth, cookies: one },
        { id: `floor-${kind.id}`, listener: floor, cookies: one, baseline },
        { id: `hit-${kind.id}`, listener: withAuth, cookies: one, baseline },
        { id: `miss-${kind.id}`, listener: withAuth, cookies, baseline },
      );
    }
    // Every variant answers 200 with its cookie first, or the numbers would be of refusals.
    for (const variant of variants) {
      const status = await request(variant.listener, variant.cookies[0] as string);
      if (status !== 200) throw new Error(`in-process ${variant.id}: status ${status}`);
    }
    const rounds = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    for (let round = 0; round < settings.rounds + 1; round++) {
      for (const variant of variants) {
        const cpu = await cpuPerRequest(variant, settings.requestsPerRound);
        // The first round warms the JIT and the caches; it is not counted.
        if (round > 0) rounds.get(variant.id)?.push(cpu);
      }
    }
    return {
      requestsPerRound: settings.requestsPerRound,
      rounds: settings.rounds,
      distinctSessions: settings.distinctSessions,
      variants: variants.map((variant) => {
        const own = rounds.get(variant.id) ?? [];
        const base = variant.baseline ? (rounds.get(variant.baseline) ?? []) : [];
        return {
          id: variant.id,
          cookieBytes: Math.round(
            variant.cookies.reduce((sum, c) => sum + c.length, 0) / variant.cookies.length,
          ),
          cpuUs: median(own),
          roundCpuUs: own,
          addedUs: variant.baseline ? median(own.map((v, i) => v - (base[i] ?? Number.NaN))) : 0,
        };
      }),
    };
  } finally {
    await idp.close();
  }
}

/** CPU time (user + system) per request over `count` requests, one after another. */
async function cpuPerRequest(variant: Variant, count: number): Promise<number> {
  const { cookies, listener } = variant;
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    await request(listener, cookies[i % cookies.length] as string);
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

/** One `GET /api/me` through the listener, on an in-memory socket that discards the answer. */
function request(listener: Variant["listener"], cookie: string): Promise<number> {
  const socket = new Duplex({
    read() {},
    write(_chunk, _encoding, done) {
      done();
    },
  }) as unknown as Socket;
  const req = new IncomingMessage(socket);
  req.method = "GET";
  req.url = ME_PATH;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.httpVersion = "1.1";
  req.headers = { host: "localhost:3000", accept: "application/json", cookie };
  req.rawHeaders = ["Host", "localhost:3000", "Accept", "application/json", "Cookie", cookie];
  req.push(null);
  req.complete = true;
  const res = new ServerResponse(req);
  res.assignSocket(socket);
  return new Promise((resolve) => {
    res.once("finish", () => resolve(res.statusCode));
    listener(req, res);
  });
}
