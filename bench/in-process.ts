/**
 * What the middleware adds to one request's CPU time, measured through @hono/node-server's
 * request listener (the code `serve()` runs per request), without sockets, a load generator or a
 * second process in the way: the same route, the same request (the same cookie header), with and
 * without the middleware. It runs in a process of its own ({@link measureInProcess}), so that
 * what earlier sections left in the bench's heap is not charged to it.
 *
 * Sessions of three kinds: the default (Cognito's refresh token of about 1,800 characters and its
 * access token, kept: two cookies), the same without the access token (`keepAccessToken: false`:
 * one cookie), and a small one (a mock IdP's refresh token, no access token). For each: no auth
 * and the floor (an empty middleware that reads the Cookie header), sent the same header; a hit
 * (one session over and over: the middleware's cache of opened sessions answers); a miss
 * (sessions sent in turn, three times more than it caches, so that every request opens one),
 * beside no auth sent the same sessions in turn.
 *
 * As a server would, each request gets a Cookie header string of its own, made from bytes (the
 * HTTP parser makes one per request): a session's text is never read warm from an earlier request.
 * As a browser would, the harness keeps what a response's Set-Cookie says: a session re-sealed
 * by its re-check with Cognito (every `recheckSeconds`) is sent re-sealed afterwards, not replayed
 * stale. Each kind is measured right after its sign-ins, so that no session falls due for its
 * re-check during the rounds: responses that re-sealed a session anyway are counted (`resealed`).
 * A round is turns of {@link SLICE} requests per variant of a kind; each variant's CPU per request
 * is the median of its rounds, and "added" is the median of its round-by-round differences to its
 * baseline's. (A full garbage collection before each round was tried: it doubled every variant's
 * CPU per request, V8's young generation shrinking back each time; there is one after each kind's
 * sign-ins only.)
 */

import { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { createCognitoAuthApp } from "./apps/cognito-auth.ts";
import { createCookieReadingApp, createNoAuthApp, ME_PATH } from "./apps/no-auth.ts";
import { collectGarbage, startChild } from "./child.ts";
import { applySetCookies } from "./cookie-jar.ts";
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
  /** Median over rounds of (this variant - its baseline), per request; 0 for a baseline. */
  addedUs: number;
  /** The variant it is compared with (no auth, sent the same cookies); absent for a baseline. */
  baseline?: string;
  /** Measured answers that set a cookie (a session re-sealed by its re-check): 0 for a clean run. */
  resealed?: number;
}

export interface InProcessResult {
  requestsPerRound: number;
  rounds: number;
  distinctSessions: number;
  variants: InProcessVariant[];
}

/** The Cookie headers a variant sends, as a browser holds them (updated by Set-Cookie). */
interface Jar {
  headers: string[];
  /** The same headers as bytes, each request's own string made from them. */
  bytes: Buffer[];
}

interface Variant {
  id: string;
  listener: ReturnType<typeof getRequestListener>;
  jar: Jar;
  /** How many of the jar's sessions it sends in turn (1: the first over and over). */
  count: number;
  baseline?: string;
  resealed: number;
  /** The session it sends next. */
  next: number;
}

/** Requests per variant before the next variant takes its turn within a round. */
const SLICE = 1_000;

/**
 * Runs the in-process comparison in a child process of its own (a fresh heap: the bench's own
 * process has done the HTTP sections by then) and returns its result.
 * @example const result = await measureInProcess(FULL.inProcess, console.log)
 */
export async function measureInProcess(
  settings: BenchSettings["inProcess"],
  log: (line: string) => void,
): Promise<InProcessResult> {
  log("  in-process: in a process of its own");
  const child = await startChild<InProcessResult>(
    new URL("./in-process-child.ts", import.meta.url),
    settings,
    { timeoutMs: 30 * 60_000 },
  );
  await child.stop();
  return child.info;
}

/**
 * The comparison itself, in this process (the child's side of {@link measureInProcess}).
 * @example const result = await runInProcess(SMOKE.inProcess, console.error)
 */
export async function runInProcess(
  settings: BenchSettings["inProcess"],
  log: (line: string) => void,
): Promise<InProcessResult> {
  const idp = await startFakeHostedUi();
  try {
    const sessionSecret = "in-process-bench-session-secret-0123456789";
    const noAuth = getRequestListener(createNoAuthApp().fetch);
    const floor = getRequestListener(createCookieReadingApp().fetch);
    const results: InProcessVariant[] = [];
    for (const kind of SESSION_KINDS) {
      const rounds = new Map<string, number[]>();
      const auth = createCognitoAuthApp(idp, {
        sessionSecrets: [sessionSecret],
        keepAccessToken: kind.keepAccessToken,
      });
      const withAuth = getRequestListener(auth.fetch);
      idp.refreshTokenLength =
        kind.refreshToken === "cognito" ? settings.cognitoRefreshToken : settings.shortRefreshToken;
      log(`  in-process: signing in ${settings.distinctSessions} times (${kind.id} session)`);
      const minted = await mintSessions(auth, idp, settings.distinctSessions, ORIGIN);
      const jar: Jar = { headers: minted, bytes: minted.map((h) => Buffer.from(h, "latin1")) };
      const all = minted.length;
      const variant = (
        id: string,
        listener: Variant["listener"],
        count: number,
        baseline?: string,
      ) => ({
        id: `${id}-${kind.id}`,
        listener,
        jar,
        count,
        resealed: 0,
        next: 0,
        ...(baseline ? { baseline: `${baseline}-${kind.id}` } : {}),
      });
      const variants: Variant[] = [
        variant("no-auth", noAuth, 1),
        variant("floor", floor, 1, "no-auth"),
        variant("hit", withAuth, 1, "no-auth"),
        variant("no-auth-rotating", noAuth, all),
        variant("miss", withAuth, all, "no-auth-rotating"),
      ];
      // Every variant answers 200 with its first cookie, or the numbers would be of refusals.
      for (const v of variants) {
        const status = await request(v, 0);
        if (status !== 200) throw new Error(`in-process ${v.id}: status ${status}`);
        v.resealed = 0;
        rounds.set(v.id, []);
      }
      // What the sign-ins left (the fake hosted UI's and the middleware's garbage) is collected
      // now, not by GC threads during the rounds (their CPU time is the process's). The first
      // round, not counted, lets the young generation grow back.
      collectGarbage();
      // A round is slices of SLICE requests per variant, taking turns: what slows the machine for
      // a second or two (another tenant of the host) falls on every variant of the round alike.
      const slices = Math.max(1, Math.round(settings.requestsPerRound / SLICE));
      const perSlice = Math.ceil(settings.requestsPerRound / slices);
      for (let round = 0; round < settings.rounds + 1; round++) {
        const used = new Map(variants.map((v) => [v.id, 0]));
        for (let slice = 0; slice < slices; slice++) {
          for (const v of variants) {
            used.set(v.id, (used.get(v.id) ?? 0) + (await cpuMicros(v, perSlice)));
          }
        }
        for (const v of variants) {
          // The first round warms the JIT and the caches; it is not counted.
          if (round > 0) rounds.get(v.id)?.push((used.get(v.id) ?? 0) / (slices * perSlice));
          else v.resealed = 0;
        }
      }
      // Only the figures are kept: this kind's sessions and middleware are garbage from here on,
      // not a larger heap for the next kind's rounds.
      for (const v of variants) {
        const own = rounds.get(v.id) ?? [];
        const base = v.baseline ? (rounds.get(v.baseline) ?? []) : [];
        const sent = v.jar.headers.slice(0, v.count);
        results.push({
          id: v.id,
          cookieBytes: Math.round(sent.reduce((sum, c) => sum + c.length, 0) / sent.length),
          cpuUs: median(own),
          roundCpuUs: own,
          addedUs: v.baseline ? median(own.map((x, i) => x - (base[i] ?? Number.NaN))) : 0,
          ...(v.baseline ? { baseline: v.baseline, resealed: v.resealed } : {}),
        });
      }
    }
    return {
      requestsPerRound: settings.requestsPerRound,
      rounds: settings.rounds,
      distinctSessions: settings.distinctSessions,
      variants: results,
    };
  } finally {
    await idp.close();
  }
}

/** CPU time (user + system, µs) of `count` requests of the variant, one after another. */
async function cpuMicros(variant: Variant, count: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    await request(variant, variant.next);
    // The sessions in turn go on where the last slice stopped: each is sent once per turn.
    variant.next = (variant.next + 1) % variant.count;
  }
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

/**
 * One `GET /api/me` through the listener with session `index` of the variant's jar, on an
 * in-memory socket that discards the answer; a Set-Cookie in the answer goes into the jar.
 */
function request(variant: Variant, index: number): Promise<number> {
  const { jar, listener } = variant;
  // A string of its own, as Node's HTTP parser makes for every request.
  const cookie = (jar.bytes[index] as Buffer).toString("latin1");
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
    res.once("finish", () => {
      const set = res.getHeader("set-cookie");
      if (set !== undefined) {
        variant.resealed++;
        const lines = Array.isArray(set) ? set : [String(set)];
        const header = applySetCookies(jar.headers[index] as string, lines);
        jar.headers[index] = header;
        jar.bytes[index] = Buffer.from(header, "latin1");
      }
      resolve(res.statusCode);
    });
    listener(req, res);
  });
}
