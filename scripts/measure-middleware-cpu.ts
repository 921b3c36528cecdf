/**
 * The middleware's added CPU per request, in-process through @hono/node-server's listener (no
 * sockets, no HTTP parsing: what is left is the listener, Hono and the middleware), against the
 * same route without auth. Time is this process's CPU time, so other processes' load does not
 * count; rounds interleave every scenario, each round's no-auth time is subtracted in that round,
 * and the median over rounds is printed. A quick before/after for the middleware's code, not the benchmark of record (that is
 * `npm run bench`).
 *
 *   node scripts/measure-middleware-cpu.ts
 *   VARIANTS=before=/tmp/old/packages/cognito-auth/src,after=packages/cognito-auth/src node scripts/measure-middleware-cpu.ts
 */
import { randomBytes } from "node:crypto";
import { IncomingMessage, ServerResponse } from "node:http";
import { resolve } from "node:path";
import { Duplex } from "node:stream";
import { pathToFileURL } from "node:url";
import { cognitoIssuer } from "@cognito-dashboard/local-dev";
import { getRequestListener } from "@hono/node-server";
import { Hono, type MiddlewareHandler } from "hono";
import { generateKeyPair } from "jose";
import { cognitoAccessToken } from "../bench/fake-hosted-ui.ts";

type Listener = ReturnType<typeof getRequestListener>;

const ROUNDS = Number(process.env.ROUNDS ?? 9);
const PER_ROUND = Number(process.env.PER_ROUND ?? 10_000);
const VARIANTS = (process.env.VARIANTS ?? "current=packages/cognito-auth/src")
  .split(",")
  .map((pair) => pair.split("=") as [string, string]);
const userPoolId = "us-east-1_LocalMock";
const clientId = "localmockclient0000dashbrd";
const secret = randomBytes(32).toString("base64url");
const user = {
  sub: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
  username: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
  email: "demo@example.com",
  name: "Demo User",
  groups: [] as string[],
  sessionExpiresAt: Date.now() + 8 * 3600_000,
};

interface Source {
  cognitoAuth: (options: object) => MiddlewareHandler;
  Sealer: new (
    secrets: string[],
    binding?: string,
  ) => { seal(purpose: string, value: unknown): Promise<string> };
  sealerBinding?: (options: { issuer: string; clientId: string }) => string;
  sealSession: (sealer: unknown, session: object) => Promise<string>;
  OPENED_CACHE_SIZE: number;
}

async function load(dir: string): Promise<Source> {
  const at = (file: string) => pathToFileURL(resolve(dir, file)).href;
  return {
    ...(await import(at("index.ts"))),
    // Where the cache's size lives now (older trees export it from index.ts or sealer.ts).
    ...(await import(at("session-cache.ts")).catch(() => ({}))),
    ...(await import(at("sealer.ts"))),
    ...(await import(at("session-cookie.ts"))),
  } as Source;
}

function app(auth: MiddlewareHandler | undefined): Listener {
  const hono = new Hono();
  if (auth) hono.use(auth);
  // Versions before the typed `auth` variable set `user`.
  const read = (c: { get(key: never): unknown }) =>
    (c.get("auth" as never) as { user?: unknown } | undefined)?.user ?? c.get("user" as never);
  hono.get("/api/me", (c) => c.json(auth ? (read(c) as object) : user));
  return getRequestListener(hono.fetch);
}

/** An access token shaped and sized like Cognito's (an RS256 JWT with its claims). */
async function accessTokenFor(sub: string): Promise<string> {
  const { privateKey } = await accessKey;
  const now = Math.floor(Date.now() / 1000);
  return cognitoAccessToken({ sub, userPoolId, clientId, now }, { privateKey, kid: "measure-key" });
}
const accessKey = generateKeyPair("RS256");

/**
 * Session cookie headers (parts of 4,000 characters, as the middleware writes them) with a
 * refresh token of `refreshLength` (43: oidc-provider's; 1800: Cognito's), and a Cognito-size
 * access token when `withAccess`.
 */
async function sessionCookies(
  source: Source,
  count: number,
  refreshLength: number,
  withAccess: boolean,
) {
  const binding = source.sealerBinding?.({ issuer: cognitoIssuer(userPoolId), clientId }) ?? "";
  const sealer = new source.Sealer([secret], binding);
  const now = Date.now();
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const sub = `${user.sub.slice(0, -4)}${String(i).padStart(4, "0")}`;
    const sealed = await source.sealSession(sealer, {
      sub,
      username: user.username,
      email: user.email,
      name: user.name,
      groups: refreshLength > 100 ? ["admins", "users"] : [],
      idTokenExpiresAt: now + 3600_000,
      sessionExpiresAt: now + 8 * 3600_000,
      refreshToken: randomBytes(refreshLength).toString("base64url").slice(0, refreshLength),
      csrfToken: randomBytes(32).toString("base64url"),
      accessToken: withAccess ? await accessTokenFor(sub) : "",
      accessTokenExpiresAt: withAccess ? now + 3600_000 : 0,
      claims: {},
      // Vouched for now: not due for its re-check with Cognito during the run.
      checkedAt: now,
    });
    const parts: string[] = [];
    for (let at = 0, n = 0; at < sealed.length; at += PART_LENGTH, n++) {
      parts.push(`cdash_session${n === 0 ? "" : `.${n}`}=${sealed.slice(at, at + PART_LENGTH)}`);
    }
    cookies.push(parts.join("; "));
  }
  return cookies;
}
const PART_LENGTH = 4000;

/** A socket that swallows what is written. */
function nullSocket(): Duplex {
  return new Duplex({
    read() {},
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

function request(listener: Listener, cookie: string | undefined): Promise<number> {
  const socket = nullSocket();
  const req = new IncomingMessage(socket as never);
  req.method = "GET";
  req.url = "/api/me";
  req.httpVersion = "1.1";
  const headers: Record<string, string> = { host: "localhost:3000", accept: "application/json" };
  if (cookie !== undefined) headers.cookie = cookie;
  req.headers = headers;
  req.rawHeaders = Object.entries(headers).flat();
  req.push(null);
  const res = new ServerResponse(req);
  res.assignSocket(socket as never);
  return new Promise((done, fail) => {
    res.on("finish", () => done(res.statusCode));
    res.on("error", fail);
    void listener(req, res);
  });
}

/** CPU time (user + system) of this process per request: other processes' load does not count. */
async function microsPerRequest(listener: Listener, cookies: (string | undefined)[]) {
  const start = process.cpuUsage();
  for (let i = 0; i < PER_ROUND; i++) {
    const status = await request(listener, cookies[i % cookies.length]);
    if (status !== 200) throw new Error(`status ${status}`);
  }
  const { user, system } = process.cpuUsage(start);
  return (user + system) / PER_ROUND;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const noAuth = app(undefined);
/** The floor of any cookie check: an empty async middleware that reads the Cookie header. */
const cookieRead = app(async function readsCookie(c, next) {
  if (c.req.header("cookie") === undefined) return c.json({ error: "unauthenticated" }, 401);
  c.set("user", user);
  return next();
});
const scenarios: { name: string; listener: Listener; cookies: string[] }[] = [];
/** Session kinds: refresh token length, access token kept. The default (Cognito's) is second. */
const KINDS = [
  { label: "short", refresh: 43, access: false },
  { label: "default", refresh: 1800, access: true },
  { label: "no-access", refresh: 1800, access: false },
];
for (const [label, dir] of VARIANTS) {
  const source = await load(dir);
  const options = {
    domain: "http://localhost:9500",
    userPoolId,
    clientId,
    clientSecret: "unused",
    sessionSecrets: [secret],
  };
  const listener = app(source.cognitoAuth(options));
  // Three times the cache's size in distinct sessions: every request of a "miss" decrypts.
  for (const kind of KINDS) {
    const cookies = await sessionCookies(
      source,
      3 * source.OPENED_CACHE_SIZE,
      kind.refresh,
      kind.access,
    );
    const size = `${kind.label} ${cookies[0]?.length} B`;
    if (label === VARIANTS[0]?.[0]) {
      scenarios.push({
        name: `floor (reads cookie), ${size}`,
        listener: cookieRead,
        cookies: cookies.slice(0, 1),
      });
    }
    // Without the access token, the option that says so (older sources ignore it).
    const own = kind.access
      ? listener
      : app(source.cognitoAuth({ ...options, keepAccessToken: false }));
    scenarios.push({ name: `${label}: hit, ${size}`, listener: own, cookies: cookies.slice(0, 1) });
    scenarios.push({ name: `${label}: miss, ${size}`, listener: own, cookies });
  }
}
const only = process.env.ONLY;
if (only)
  scenarios.splice(0, scenarios.length, ...scenarios.filter(({ name }) => name.includes(only)));
const added = new Map<string, number[]>(scenarios.map(({ name }) => [name, []]));
const base: number[] = [];
for (let round = -1; round < ROUNDS; round++) {
  const baseline = await microsPerRequest(noAuth, [undefined]);
  for (const { name, listener, cookies } of scenarios) {
    const micros = await microsPerRequest(listener, cookies).catch((error: Error) => {
      throw new Error(`${name}: ${error.message}`);
    });
    if (round >= 0) added.get(name)?.push(micros - baseline);
  }
  if (round >= 0) base.push(baseline);
}
console.log(
  `node ${process.version}, ${ROUNDS} rounds x ${PER_ROUND} requests; no auth: ${median(base).toFixed(1)} us CPU per request`,
);
for (const [name, xs] of added) {
  const sorted = [...xs].sort((a, b) => a - b);
  const spread = `${sorted[0]?.toFixed(1)}..${sorted[sorted.length - 1]?.toFixed(1)}`;
  console.log(`${name.padEnd(44)} added ${median(xs).toFixed(1)} us (rounds ${spread})`);
}
