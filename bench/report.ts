import {
  FAKE_LATENCY_MS,
  interquartileText,
  vsBareAddedMs,
  vsBareRatio,
} from "./cold-start/measure.ts";
import { renderRuntimeClientSection } from "./cold-start/runtime-client-report.ts";
import type { LoginRunResult } from "./login.ts";
import { recheckMarkdown, recheckSummary } from "./recheck-report.ts";
import type { BenchResults } from "./results.ts";
import { pairedRatio } from "./stats.ts";
import { fmt, kb, ms, range, signedMs, signedUs } from "./targets.ts";

type Row = string[];

function table(header: Row, rows: Row[]): string {
  return [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

function overheadRows(results: BenchResults): Row[] {
  const floor = results.overhead.find((r) => r.id === "e");
  return results.overhead.map((r) => [
    `(${r.id}) ${r.label}`,
    `${r.serverCpuUs.toFixed(1)} µs${r.idpCpuUs === undefined ? "" : ` + IdP ${r.idpCpuUs.toFixed(0)} µs`}`,
    r.roundServerCpuUs?.length ? `${range(r.roundServerCpuUs, 1)} µs` : "n/a",
    floor ? pairedRatio(floor.roundServerCpuUs ?? [], r.roundServerCpuUs ?? []).toFixed(2) : "n/a",
    fmt(r.rps),
    `${fmt(Math.min(...r.roundRps))}–${fmt(Math.max(...r.roundRps))}`,
    floor ? pairedRatio(r.roundRps, floor.roundRps).toFixed(2) : "n/a",
    r.ratioToNoAuth.toFixed(2),
    ms(r.p50Ms),
    ms(r.p99Ms),
    r.serverCores.toFixed(2),
    String(r.cookieBytes),
    String(r.statusWithoutCookie),
    String(r.failures),
  ]);
}

function coldStartRows(results: BenchResults): Row[] {
  const bare = results.coldStart.find((r) => r.id === "bare");
  return results.coldStart.map((r) => [
    r.label,
    `${kb(r.bundle.bytes)} (gzip ${kb(r.bundle.gzipBytes)})`,
    ms(r.medianMs),
    `${ms(r.minMs)}–${ms(r.maxMs)}`,
    bare ? (r.id === "bare" ? "" : signedMs(vsBareAddedMs(r, bare))) : "n/a",
    bare ? `${vsBareRatio(r, bare).toFixed(2)}${interquartileText(r)}` : "n/a",
    `${ms(r.medianBootMs)} / ${ms(r.medianInitMs)} / ${ms(r.medianFirstEventMs)}`,
    bare ? ((r.medianMs - r.medianBootMs) / (bare.medianMs - bare.medianBootMs)).toFixed(2) : "n/a",
    `${ms(r.medianCpuMs)}${bare ? ` (${(r.medianCpuMs / bare.medianCpuMs).toFixed(2)} x)` : ""}`,
    `${r.medianPeakRssMiB.toFixed(1)} MiB`,
    Object.entries(r.discoveryCalls)
      .map(([op, n]) => `${op} ${n}`)
      .join(", ") || "none",
    String(r.status),
  ]);
}

const IN_PROCESS_LABELS: Record<string, string> = {
  "no-auth": "no auth, same route, same cookie header (the harness's baseline)",
  "no-auth-rotating": "no auth, the miss variant's sessions in turn (its baseline)",
  floor: "an async middleware that reads the Cookie header (the floor)",
  hit: "our middleware, one session over and over (cache hit)",
  miss: "our middleware, sessions in turn (every request a cache miss)",
};

const SESSION_LABELS: Record<string, string> = {
  default: "default session: Cognito's refresh and access tokens",
  "no-access": "keepAccessToken: false, Cognito's refresh token",
  small: "small: a mock's refresh token, no access token",
};

/** How many measured answers re-sealed a session (a re-check fell due): 0 in a clean run. */
function resealedText(results: BenchResults): string {
  const resealed = results.inProcess.variants.reduce((sum, v) => sum + (v.resealed ?? 0), 0);
  return resealed === 0
    ? "no measured answer re-sealed a session: none fell due for its re-check during the rounds"
    : `${fmt(resealed)} measured answers re-sealed a session (a re-check fell due during the rounds): those rounds include the re-check`;
}

function inProcessRows(results: BenchResults): Row[] {
  return results.inProcess.variants.map((v) => {
    const [kind = "", session = ""] = v.id.split(/-(?=default$|no-access$|small$)/);
    return [
      `${IN_PROCESS_LABELS[kind] ?? kind} (${SESSION_LABELS[session] ?? session})`,
      String(v.cookieBytes),
      `${v.cpuUs.toFixed(1)} µs`,
      `${Math.min(...v.roundCpuUs).toFixed(1)}–${Math.max(...v.roundCpuUs).toFixed(1)} µs`,
      v.baseline === undefined ? "" : signedUs(v.addedUs),
    ];
  });
}

function loginRow(name: string, r: LoginRunResult): Row {
  return [
    name,
    String(r.count),
    String(r.concurrency),
    r.loginsPerSecond.toFixed(1),
    ms(r.p50Ms),
    ms(r.p99Ms),
    String(r.requestsPerLogin),
    String(r.failures),
  ];
}

function loginRows(results: BenchResults): Row[] {
  const { sequential, concurrent, oidcAuthSequential } = results.logins;
  const rows = [
    loginRow("dashboard + our middleware, one at a time", sequential),
    loginRow(`dashboard + our middleware, ${concurrent.concurrency} at once`, concurrent),
  ];
  if (oidcAuthSequential) {
    rows.push(loginRow("@hono/oidc-auth (peer), one at a time", oidcAuthSequential));
  }
  return rows;
}

const OVERHEAD_HEADER = [
  "scenario",
  "server CPU/req",
  "rounds",
  "x (e) by CPU",
  "req/s (median round)",
  "rounds min–max",
  "x (e)",
  "x (a)",
  "p50",
  "p99",
  "server cores",
  "cookie bytes",
  "no cookie",
  "failures",
];
const IN_PROCESS_HEADER = ["variant", "cookie bytes", "CPU/request", "rounds", "added"];
const COLD_HEADER = [
  "handler",
  "cold path",
  "median",
  "min–max",
  "added over bare",
  "x bare",
  "node / init / 1st event",
  "x bare without Node's start",
  "CPU (x bare)",
  "peak RSS",
  "calls to AWS and the hosted UI",
  "status",
];
const LOGIN_HEADER = [
  "login chain",
  "logins",
  "at once",
  "logins/s",
  "p50",
  "p99",
  "requests",
  "failures",
];

/**
 * The plain-text summary printed at the end of `npm run bench`.
 * @example console.log(renderSummary(results))
 */
export function renderSummary(results: BenchResults): string {
  const lines = [
    `Benchmarks ${results.settings.smoke ? "(SMOKE: numbers mean nothing) " : ""}${results.date}, ${results.machine.cpuModel} x${results.machine.cores}, Node ${results.machine.node}`,
    "",
    "1. Authenticated GET /api/me over loopback",
    table(OVERHEAD_HEADER, overheadRows(results)),
    "",
    "2. The middleware's CPU per request, in process (node-server's listener)",
    table(IN_PROCESS_HEADER, inProcessRows(results)),
    "",
    "3. Cold start (new node process to first answered Function URL event)",
    table(COLD_HEADER, coldStartRows(results)),
    "",
    "4. Full login against the mock IdP",
    table(LOGIN_HEADER, loginRows(results)),
    "",
    `Mock IdP start: ${results.mockIdp.start.map((m) => `\`${m.command}\` ${ms(m.medianMs)} (RSS ${m.rssMiB.toFixed(1)} MiB)`).join("; ")}`,
    "",
    ...recheckSummary(results.recheck),
    "Targets",
    table(
      ["target", "measured", "met", "margin"],
      results.targets.map((t) => [t.target, t.measured, t.met ? "yes" : "NO", t.margin]),
    ),
  ];
  return lines.join("\n");
}

/**
 * BENCHMARKS.md: the tables, the machine, the date, the targets, and how to read them.
 * @example await writeFile("BENCHMARKS.md", renderMarkdown(results))
 */
export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const s = results.settings;
  const { sequential } = results.logins;
  const memory = results.mockIdp.memoryAfterRun;
  const missed = results.targets.filter((t) => !t.met);
  const notes = results.targets.filter((t) => t.note);
  return `# Benchmarks

Generated by \`npm run bench\` (bench/run.ts) on ${results.date.slice(0, 10)} at ${results.date.slice(11, 16)} UTC; the run took ${Math.round(results.seconds)} s.${s.smoke ? "\n\n**This is a SMOKE run: its numbers mean nothing.**" : ""} Do not edit by hand: run it again. How it measures, and what it does not: [bench/README.md](bench/README.md).

**Machine**: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.os}; 1-minute load average ${m.loadAverage} when the run started and ${results.loadAverageAtEnd} when it ended (above ${m.cores}, other work competes with the run).
With ${m.cores} cores, the load generator and the server under test share the machine (and for
(d) the mock IdP as well), so absolute numbers are low and noisy; every scenario runs with the same
settings in the same run, and the ratios are what to read. Pinning: ${results.pinning?.description ?? "not recorded"}.

## Targets

${table(
  ["target", "measured", "met", "margin"],
  results.targets.map((t) => [t.target, t.measured, t.met ? "yes" : "**no**", t.margin]),
)}
${
  missed.length === 0
    ? "\nEvery target is met in this run."
    : `\nWhere a target is missed, what this run's numbers show:\n\n${missed.map((t) => `- **${t.target}**: ${t.why ?? "no breakdown"}.`).join("\n")}`
}${
  notes.length === 0
    ? ""
    : `\n\nRead with care:\n\n${notes.map((t) => `- **${t.target}**: ${t.note}.`).join("\n")}`
}

## 1. Authenticated request overhead

\`GET /api/me\` over HTTP on 127.0.0.1 with autocannon: ${s.load.connections} connections, ${s.load.warmupSeconds} s warm-up per scenario, then ${s.load.rounds} rounds of ${s.load.durationSeconds} s, interleaved across scenarios. Each server runs in its own Node process, the load generator (autocannon) in the bench's; pinning: ${results.pinning?.description ?? "not recorded"}. The route is the same JSON handler in each. **Server CPU per request** is the headline: the server process's own CPU time over the answers of the rounds, which the load generator's ceiling does not move ("rounds": each round's; "x (e) by CPU": (e)'s CPU per request over this one's, the median of round-by-round ratios, above 1 cheaper). "req/s" is the median round, "x (e)" and "x (a)" the medians of round-by-round ratios; p50/p99 pool every 2xx answer of the rounds (microsecond resolution). "no cookie" is what the route answers without a session: proof the auth really guards it.

${table(OVERHEAD_HEADER, overheadRows(results))}

- (a) the route with no auth at all: the limit.
- (a') the same route behind one \`async\` middleware that reads the Cookie header (\`c.req.header("cookie")\`, (b)'s cookie) and checks only that it is there: the floor of any cookie-based check on this stack (for calibration, no target).
- (e) the same route behind one empty \`async\` middleware, sent (b)'s cookie: what Hono's middleware chain itself costs; the floor (b) is measured against.
- (b) \`@cognito-dashboard/cognito-auth\` with the session cookie of a real login against the mock IdP, the same cookie on every request (so its cache of opened sessions answers).
- (b-miss) the same server, with ${s.load.distinctSessions.toLocaleString("en-US")} sessions from as many real logins sent in turn: three times what it caches, so every request opens (decrypts) its session. Real traffic lies between the two.
- (b-lean) the same middleware with \`keepAccessToken: false\`: the session without the access token, one cookie (for information: its floor would be (e) sent its smaller cookie; the in-process table compares like with like).
- (c) \`@hono/oidc-auth\` 1.8 with the session cookie of a real login through its own flow against the mock IdP: it checks its session (a signed JWT) in full on every request, so (b-miss) is its like-for-like peer.
- (d) what the Python setup's \`dash-cognito-auth\` does: the access token in a signed cookie, and a call to the IdP's \`/oauth2/userInfo\` on every request (here the mock on loopback, with a keep-alive pool: real Cognito adds a network round trip).
- (b') the dashboard's own \`/api/me\` (secure headers, no-store, error pages, then the middleware): for information, no target.

## 2. The middleware's CPU per request, in process

\`GET /api/me\` through @hono/node-server's request listener (what \`serve()\` runs per request) on an in-memory socket, in a process of its own started for this section (a fresh heap, not the bench's after the HTTP sections): no load generator, no kernel in the way. Each request gets a Cookie header string of its own, made from bytes as Node's HTTP parser makes one; each response's Set-Cookie is kept as a browser keeps it (${resealedText(results)}). Each kind of session is measured right after its sign-ins (and one full garbage collection). Each variant answers ${fmt(results.inProcess.requestsPerRound)} requests per round, in turns of 1,000 per variant so that what slows the machine for a moment falls on every variant alike, ${results.inProcess.rounds} rounds (after one unmeasured); "CPU/request" is the median round of \`process.cpuUsage()\` per request, "added" the median of the round-by-round differences to no auth sent the same cookie headers (the harness's baselines, in the table: one session for the floor and the hit, the sessions in turn for the miss). The sessions come from real sign-ins through the middleware against a local fake hosted UI that issues Cognito-shaped tokens: the default session holds a refresh token of ${s.inProcess.cognitoRefreshToken} characters (Cognito's) and a Cognito-shaped access token (an RS256 JWT), in two cookies; \`keepAccessToken: false\` leaves the access token out (one cookie); the small session has a refresh token of ${s.inProcess.shortRefreshToken} characters (the mock IdP's size) and no access token. The miss variants send ${fmt(results.inProcess.distinctSessions)} sessions in turn, three times what the middleware caches.

${table(IN_PROCESS_HEADER, inProcessRows(results))}

## 3. Cold start

Each handler built exactly as \`sst deploy\` builds the dashboard function: the options in \`infra/dashboard-function.ts\` (the stack passes the same object to SST) through SST 4.17.1's Node builder as \`tests/infra/sst-node-build.ts\` repeats it (esbuild 0.27.2; also what the infrastructure test answers SST's build request with). "cold path" is the entry file and what it imports statically: what a cold start loads; chunks loaded on first use are not in it. Then ${s.coldStart.samples} new \`node\` processes per handler (after ${s.coldStart.warmupSamples} unmeasured), taking turns, each importing the bundle and answering one Function URL event with Lambda's environment and dummy credentials, \`node\` started with the options Lambda's bootstrap gives it (\`--expose-gc\`, and heap sizes from the function's memory: \`tests/rehearsal/runtime-client.ts\`), as the runtime client below is too; the dashboard gets its links and variables as the stack sets them. Cognito's API (AWS JSON 1.1, signed), the token endpoint and the JWKS are local fakes that answer after ${FAKE_LATENCY_MS} ms, about a TLS round trip within a region. "median" is spawn to answer as the parent sees it; "added over bare" and "x bare" compare each sample with the bare handler's sample of the same turn (so a slow minute of the machine falls on both) and give the medians of those differences and ratios, with the ratios' interquartile range; "node / init / 1st event" splits it inside the process (Node's own start, importing the bundle, the first event), and "x bare without Node's start" compares what is left once Node's own start (which moves with the machine, and which no handler can change) is taken out; "CPU" is the process's own CPU time until it answered, which other work on the machine does not inflate (the target is judged on the wall time; on a busy machine, read the CPU ratio too). Node loads its fetch classes on first use, tens of milliseconds: the bare handler pays that in its first event, the dashboard during init, so compare the totals.

${table(COLD_HEADER, coldStartRows(results))}

Largest parts of the dashboard's cold path: ${
    results.coldStart
      .find((r) => r.id === "returning")
      ?.bundle.largest.map((p) => `${p.name} ${kb(p.bytes)}`)
      .join(", ") ?? "n/a"
  }.

${renderRuntimeClientSection(results.coldStartRuntimeClient, results.coldStart)}

## 4. Full login

A fresh cookie jar per login (so the hosted UI always shows its form and checks the password): the app's \`/login/cognito\`, the mock's \`/oauth2/authorize\`, its sign-in form, the form post, the app's callback (code exchange, ID token verification, session cookie), the landing page. ${sequential.count} logins one at a time, then ${results.logins.concurrent.count} with ${results.logins.concurrent.concurrency} at once. The mock IdP, the app and the client each have their own process.

${table(LOGIN_HEADER, loginRows(results))}

Where one login's time goes (median per request, one at a time):

${table(
  ["request", "median"],
  sequential.hops.map((h) => [`\`${h.request}\``, ms(h.medianMs)]),
)}

## Mock IdP

${table(
  ["started with", "ready (median)", "min–max", "RSS when ready", "peak RSS"],
  results.mockIdp.start.map((r) => [
    `\`${r.command}\``,
    ms(r.medianMs),
    `${ms(r.minMs)}–${ms(r.maxMs)}`,
    `${r.rssMiB.toFixed(1)} MiB`,
    `${r.peakRssMiB.toFixed(1)} MiB`,
  ]),
)}

"Ready" is spawn to the first answered request (its discovery document), ${results.mockIdp.start[0]?.samples ?? 0} starts each.${
    memory
      ? ` After this whole run (every login and userInfo call above), the bench's mock IdP held ${memory.rssMiB.toFixed(1)} MiB (peak ${memory.peakRssMiB.toFixed(1)} MiB).`
      : ""
  }
${recheckMarkdown(results.recheck)}`;
}
