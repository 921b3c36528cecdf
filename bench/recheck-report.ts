import { REQUESTS_PER_INTERVAL, type RecheckResult } from "./recheck.ts";

type Row = string[];

function table(header: Row, rows: Row[]): string {
  return [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const us = (value: number) => `${value.toFixed(1)} µs`;
const signed = (value: number, unit: (v: number) => string) =>
  `${value >= 0 ? "+" : "−"}${unit(Math.abs(value))}`;

function callRows(r: RecheckResult): Row[] {
  return r.calls.map((c) => [
    c.label,
    String(c.calls),
    ms(c.medianMs),
    ms(c.p95Ms),
    `${c.answerBytes} B`,
  ]);
}

function costRows(r: RecheckResult): Row[] {
  return [
    [
      "a request whose session is not due (the hit path), re-checks on vs off",
      signed(r.hit.addedUs, us),
      "",
      `${us(r.hit.onUs)} on, ${us(r.hit.offUs)} off`,
    ],
    [
      "the request that performs the check (refresh grant at the mock, ID token verified, cookie resealed)",
      signed(r.check.addedCpuUs, us),
      signed(r.check.addedWallMs, ms),
      `${us(r.check.cpuUs)} / ${ms(r.check.wallMs)} vs a hit's ${us(r.check.hitCpuUs)} / ${ms(r.check.hitWallMs)}`,
    ],
    [
      `amortised: per request at one request a second (${r.amortised.requestsPerInterval} per 60 s interval)`,
      signed(r.amortised.cpuUs + r.hit.addedUs, us),
      signed(r.amortised.wallMs, ms),
      "the check's added cost / requests per interval, plus the hit path's",
    ],
  ];
}

const CALL_HEADER = ["call to the mock IdP", "calls", "median", "p95", "answer"];
const COST_HEADER = ["what", "added CPU", "added wait", "measured"];

/**
 * The re-check's lines in the plain-text summary of `npm run bench`.
 * @example lines.push(...recheckSummary(results.recheck))
 */
export function recheckSummary(r: RecheckResult | undefined): string[] {
  if (r === undefined) return [];
  return [
    "5. The session re-check with Cognito (recheckSeconds)",
    table(CALL_HEADER, callRows(r)),
    table(COST_HEADER, costRows(r)),
    "",
  ];
}

/**
 * The re-check's section of BENCHMARKS.md.
 * @example `${markdown}${recheckMarkdown(results.recheck)}`
 */
export function recheckMarkdown(r: RecheckResult | undefined): string {
  if (r === undefined) return "";
  return `
## 5. The session re-check with Cognito

What \`recheckSeconds\` (default 60) costs: once per interval, a live session's next request calls the \`refresh_token\` grant, verifies the new ID token and reseals the cookie (packages/cognito-auth/README.md, "Re-checks"). The mock IdP runs in its own process, so the bench process's CPU time is the middleware's alone.

The two calls that see a signed-out or disabled user, straight at the mock, ${r.calls[0]?.calls ?? 0} of each, interleaved, one at a time on a keep-alive connection:

${table(CALL_HEADER, callRows(r))}

What it adds to a request, through the app's \`request()\` in process: the hit path ${r.hit.rounds} rounds of ${r.hit.requestsPerRound.toLocaleString("en-US")} requests (after one unmeasured), interleaved, re-checks on (60 s) and off (\`null\`), CPU per request (median round; the difference is within the noise of a shared machine); the check: ${r.check.sessions} sessions signed in through the middleware at the mock, made due (\`recheckSeconds: 1\`, then a second's wait), each sent once, against the same sessions' next request (a hit), median per request. "Added wait" is the request's wall time: the mock's answer on loopback here, a round trip to Cognito in production. The amortised row assumes one request a second per active session (${REQUESTS_PER_INTERVAL} per interval): a session making fewer requests pays the check more rarely in total but on a larger share of them.

${table(COST_HEADER, costRows(r))}
`;
}
