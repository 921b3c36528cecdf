import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  renderReadmeSummary,
  replaceSummary,
  SUMMARY_END,
  SUMMARY_START,
} from "./readme-summary.ts";
import type { BenchResults } from "./results.ts";
import { SMOKE } from "./settings.ts";
import { ms } from "./targets.ts";

// The whole bench, tiny: the same CLI `npm run bench` runs, so the harness cannot rot unnoticed.
// Its numbers mean nothing; what is checked is that every scenario really ran and was fair.
const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));

describe("npm run bench, smoke size", () => {
  let dir: string;
  let results: BenchResults;
  let markdown: string;
  let stdout: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "cdash-bench-smoke-"));
    const done = await run(
      process.execPath,
      // Node's own type stripping, as `npm run bench` runs it: no tsx to load and compile with.
      ["bench/run.ts", "--smoke", "--out", dir],
      { cwd: ROOT, timeout: 150_000, maxBuffer: 10 * 1024 * 1024 },
    );
    stdout = done.stdout;
    results = JSON.parse(await readFile(join(dir, "results.json"), "utf8")) as BenchResults;
    markdown = await readFile(join(dir, "BENCHMARKS.md"), "utf8");
  }, 180_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("measures the session re-check: both calls at the mock, the hit path, the request that checks", () => {
    const recheck = results.recheck;
    expect(recheck?.calls.map((c) => c.id)).toEqual(["refresh", "userinfo"]);
    for (const call of recheck?.calls ?? []) {
      expect(call.medianMs, call.id).toBeGreaterThan(0);
      expect(call.answerBytes, call.id).toBeGreaterThan(0);
    }
    // Each due session came back resealed and its next request did not (checked as it ran).
    expect(recheck?.check.sessions).toBe(2);
    expect(recheck?.check.wallMs).toBeGreaterThan(0);
    expect(recheck?.hit.onUs).toBeGreaterThan(0);
    expect(markdown).toContain("## 5. The session re-check with Cognito");
    expect(stdout).toContain("5. The session re-check with Cognito");
  });

  it("puts every request-overhead scenario under load without a single failed request", () => {
    expect(results.overhead.map((r) => r.id)).toEqual([
      "a",
      "a'",
      "e",
      "b",
      "b-miss",
      "b-lean",
      "c",
      "d",
      "b'",
    ]);
    for (const scenario of results.overhead) {
      expect(scenario.requests, scenario.id).toBeGreaterThan(0);
      expect(scenario.failures, scenario.id).toBe(0);
      expect(scenario.p50Ms, scenario.id).toBeGreaterThan(0);
    }
  });

  it("guards every authenticated scenario: without the cookie the route refuses", () => {
    const refused = Object.fromEntries(results.overhead.map((r) => [r.id, r.statusWithoutCookie]));
    expect(refused).toEqual({
      a: 200,
      "a'": 401,
      e: 200,
      b: 401,
      "b-miss": 401,
      "b-lean": 401,
      c: 302,
      d: 401,
      "b'": 401,
    });
  });

  it("measures the middleware's added CPU in process at the default session and smaller ones", () => {
    const ids = results.inProcess.variants.map((v) => v.id);
    expect(ids).toEqual(
      ["default", "no-access", "small"].flatMap((kind) =>
        ["no-auth", "floor", "hit", "no-auth-rotating", "miss"].map(
          (variant) => `${variant}-${kind}`,
        ),
      ),
    );
    // Each compared with no auth sent the same cookies; no session re-checked while measured.
    const variant = (id: string) => results.inProcess.variants.find((v) => v.id === id);
    expect(variant("hit-default")?.baseline).toBe("no-auth-default");
    expect(variant("miss-default")?.baseline).toBe("no-auth-rotating-default");
    for (const v of results.inProcess.variants) {
      if (v.baseline !== undefined) expect(v.resealed, v.id).toBe(0);
    }
    const size = (id: string) => results.inProcess.variants.find((v) => v.id === id)?.cookieBytes;
    // Cognito's refresh and access tokens: two cookies; without the access token, one.
    expect(size("hit-default")).toBeGreaterThan(4_000);
    expect(size("hit-no-access")).toBeLessThan(4_000);
    expect(size("hit-no-access")).toBeGreaterThan(2_500);
    expect(size("hit-small")).toBeLessThan(600);
    for (const variant of results.inProcess.variants) expect(variant.cpuUs).toBeGreaterThan(0);
    // The HTTP scenario (b) is sent the default session too.
    expect(results.overhead.find((r) => r.id === "b")?.cookieBytes).toBeGreaterThan(4_000);
    expect(results.overhead.find((r) => r.id === "b-lean")?.cookieBytes).toBeLessThan(4_000);
  });

  it("cold-starts the bare handler and the dashboard's three first requests in fresh processes", () => {
    const by = (id: string) => results.coldStart.find((r) => r.id === id);
    expect(results.coldStart.map((r) => [r.id, r.status, r.samples])).toEqual([
      ["bare", 200, SMOKE.coldStart.samples],
      ["returning", 200, SMOKE.coldStart.samples],
      ["first-login", 302, SMOKE.coldStart.samples],
      ["first-callback", 302, SMOKE.coldStart.samples],
    ]);
    // A returning user's request needs no client settings: no call at all.
    expect(by("returning")?.discoveryCalls).toEqual({});
    // The first sign-in asks Cognito for the secret of the client the deploy named.
    expect(by("first-login")?.discoveryCalls).toEqual({ DescribeUserPoolClient: 1 });
    expect(by("first-callback")?.discoveryCalls).toMatchObject({
      "/oauth2/token": 1,
      JWKS: 1,
    });
    expect(typeof by("first-callback")?.jwksWhileExchanging).toBe("boolean");
    expect(by("returning")?.bundle.bytes).toBeGreaterThan(by("bare")?.bundle.bytes ?? 0);
    expect(by("returning")?.medianPeakRssMiB).toBeGreaterThan(0);
  });

  it("cold-starts the same scenarios under the runtime client, or says in one line why not", () => {
    const underClient = results.coldStartRuntimeClient;
    expect(underClient).toBeDefined();
    if (underClient && "skipped" in underClient) {
      expect(underClient.skipped).toMatch(/aws-lambda-ric/);
      expect(markdown).toContain(`Skipped in this run: ${underClient.skipped}`);
      return;
    }
    expect(underClient?.scenarios.map((s) => [s.id, s.status])).toEqual([
      ["bare", 200],
      ["returning", 200],
      ["first-login", 302],
    ]);
    expect(markdown).toContain("### Cold start under the runtime client");
    expect(markdown).toContain("direct: vs bare");
  });

  it("logs in through the whole redirect chain, one at a time and several at once", () => {
    const { sequential, concurrent, oidcAuthSequential } = results.logins;
    expect(sequential).toMatchObject({ count: SMOKE.login.sequential, failures: 0 });
    expect(concurrent).toMatchObject({ count: SMOKE.login.concurrentTotal, failures: 0 });
    expect(oidcAuthSequential?.failures).toBe(0);
    // App login, authorize, form, form post, callback, landing page.
    expect(sequential.requestsPerLogin).toBe(6);
  });

  it("times the mock IdP's start (the full run also through npm)", () => {
    expect(results.mockIdp.start.map((m) => m.command)).toEqual(["node mock-idp/src/cli.ts"]);
    for (const start of results.mockIdp.start) expect(start.medianMs).toBeGreaterThan(0);
  });

  it("reports every target, with the machine and the date, on stdout and in BENCHMARKS.md", () => {
    expect(results.targets).toHaveLength(10);
    expect(results.pinning?.description).toMatch(/pinned|CPU/);
    for (const row of results.overhead) expect(row.roundServerCpuUs?.length).toBe(1);
    expect(markdown).toContain("## Targets");
    expect(markdown).toContain(results.machine.cpuModel);
    expect(markdown).toContain(results.date.slice(0, 10));
    expect(markdown).toContain("SMOKE");
    for (const target of results.targets) {
      expect(markdown).toContain(target.target);
      expect(stdout).toContain(target.target);
    }
  });

  it("writes the README's summary from the results only, between its markers", () => {
    const summary = renderReadmeSummary(results);
    const bare = results.coldStart.find((r) => r.id === "bare");
    expect(summary).toContain(results.date.slice(0, 10));
    expect(summary).toContain(
      `${results.inProcess.variants.find((v) => v.id === "hit-default")?.addedUs.toFixed(1)} µs`,
    );
    expect(summary).toContain(`Node's own start, ${ms(bare?.medianBootMs ?? Number.NaN)}`);
    const readme = `intro\n${SUMMARY_START}\nold\n${SUMMARY_END}\nrest`;
    expect(replaceSummary(readme, "new")).toBe(
      `intro\n${SUMMARY_START}\nnew\n${SUMMARY_END}\nrest`,
    );
    expect(replaceSummary("no markers", "new")).toBe("no markers");
  });
});
