/**
 * A short soak, bounded in time and count: concurrent logins and renewals while the IdP stalls on
 * and off (token endpoint and JWKS, with a key rotation half-way). It asserts that no request
 * hangs and every answer is one a user can act on; it reports (does not assert) throughput,
 * latency and memory, which are the bench's business.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ORIGIN, TestBrowser, testApp } from "./testing/test-browser.ts";
import { ALICE, BOB, type Fault, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

/** Short, so that stalls cost little; generous enough for a healthy call on a busy machine. */
const DEADLINE_MS = 500;
/** A request unanswered after this long counts as hung. */
const HUNG_MS = 2 * DEADLINE_MS + 3_000;
const SOAK_MS = 3_000;
const MAX_REQUESTS = 4_000;
const WORKERS = 16;
const EXPIRED_SESSIONS = 60;

/** Heap in use after a full collection, so two readings compare what is kept, not garbage. */
function heapAfterGc(): number {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  if (bun) {
    bun.gc(true);
  } else {
    setFlagsFromString("--expose-gc");
    (runInNewContext("gc") as () => void)();
  }
  return process.memoryUsage().heapUsed;
}

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(() => idp.close());

it("soak: concurrent logins and renewals while the IdP stalls on and off", async () => {
  const app = testApp(idp, { idpTimeoutMs: DEADLINE_MS });
  // Sessions whose ID tokens expired an hour ago (signed in with the clock two hours back): every
  // request with one of them renews, until a renewal succeeds and is shared for a few seconds.
  // Signed in through another instance with the default deadline: the setup must not fail on a
  // busy machine (the cookies open in both: same pool, client and secret).
  const setup = testApp(idp);
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.now() - 2 * 3600_000);
  const expired: string[] = [];
  for (let i = 0; i < EXPIRED_SESSIONS; i++) {
    const browser = new TestBrowser(setup);
    expect((await browser.login(idp, i % 2 ? ALICE : BOB)).status).toBe(302);
    expired.push(browser.cookieHeader("/"));
  }
  vi.useRealTimers();

  const statuses = new Map<string, number>();
  const latencies: number[] = [];
  let hung = 0;
  let sent = 0;
  const heapBefore = heapAfterGc();
  const memory: number[] = [process.memoryUsage().heapUsed];
  const refreshesBefore = idp.calls.token.filter((g) => g === "refresh_token").length;
  const started = performance.now();
  const timed = async (kind: string, run: () => Response | Promise<Response>) => {
    const t0 = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const watchdog = new Promise<"hung">((resolve) => {
      timer = setTimeout(() => resolve("hung"), HUNG_MS);
    });
    const outcome = await Promise.race([Promise.resolve(run()), watchdog]);
    clearTimeout(timer);
    if (outcome === "hung") {
      hung++;
      return;
    }
    latencies.push(performance.now() - t0);
    const key = `${kind} ${outcome.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  };

  // The IdP flips between healthy and a fault every 100 ms; the key rotates half-way, so the
  // JWKS is fetched again under the same weather.
  const weather: (Fault | undefined)[] = [undefined, "stall", undefined, "trickle", "500"];
  let tick = 0;
  const flipper = setInterval(() => {
    tick++;
    const fault = weather[tick % weather.length];
    idp.faults = tick % 2 ? { token: fault } : { jwks: fault };
    if (tick === Math.floor(SOAK_MS / 200)) void idp.rotateKey();
    memory.push(process.memoryUsage().heapUsed);
  }, 100);

  const worker = async (w: number, until: number) => {
    for (let i = 0; performance.now() - started < until && sent < MAX_REQUESTS; i++) {
      sent++;
      if ((w + i) % 3 === 0) {
        await timed("login", () => new TestBrowser(app).login(idp, w % 2 ? ALICE : BOB));
      } else {
        const cookie = expired[(w * 7 + i) % expired.length] as string;
        await timed("renewal", () => app.request(`${ORIGIN}/api/me`, { headers: { cookie } }));
      }
    }
  };
  // Two rounds, the heap measured after a full collection after each: flat if the second round
  // keeps no more than the first.
  const heapAfterRounds: number[] = [];
  for (const until of [SOAK_MS / 2, SOAK_MS]) {
    await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w, until)));
    heapAfterRounds.push(heapAfterGc());
  }
  clearInterval(flipper);
  idp.faults = {};
  memory.push(process.memoryUsage().heapUsed);
  const refreshes = idp.calls.token.filter((g) => g === "refresh_token").length - refreshesBefore;

  latencies.sort((a, b) => a - b);
  const pick = (q: number) => Math.round(latencies[Math.floor(q * (latencies.length - 1))] ?? 0);
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  console.log(
    [
      `soak: ${sent} requests in ${Math.round(performance.now() - started)} ms, ${WORKERS} at once, IdP deadline ${DEADLINE_MS} ms`,
      `  answers: ${[...statuses].map(([k, n]) => `${k}: ${n}`).join(", ")}; hung: ${hung}`,
      `  refresh calls: ${refreshes} for ${EXPIRED_SESSIONS} expired sessions`,
      `  latency ms: p50 ${pick(0.5)}, p99 ${pick(0.99)}, max ${pick(1)}`,
      `  heap used: max ${mib(Math.max(...memory))} during; after a full GC: before ${mib(heapBefore)}, after round 1 ${mib(heapAfterRounds[0] ?? 0)}, after round 2 ${mib(heapAfterRounds[1] ?? 0)}`,
    ].join("\n"),
  );

  expect(hung).toBe(0);
  // Every answer is one a user can act on: signed in (302/200), or "try again" (503).
  for (const key of statuses.keys()) expect(key).toMatch(/^(login (302|503)|renewal (200|503))$/);
  // The same process, the IdP healthy again: a new login and a renewal both work.
  const browser = new TestBrowser(app);
  expect((await browser.login(idp, ALICE)).status).toBe(302);
  expect((await browser.request("/")).status).toBe(200);
});
