/**
 * Every check of a deployed stage, in the order a sign-in meets them, and the exit code they add
 * up to: 0 all passed, 1 something to fix, 75 (EX_TEMPFAIL) only things that pass by themselves
 * (a hosted-UI domain still propagating, Cognito slow): run again in a minute.
 */
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { adminCheck } from "./admins.ts";
import type { CheckLine } from "./check-line.ts";
import { functionUrlChecks } from "./function-url.ts";
import { hostedUiCheck } from "./hosted-ui.ts";
import { issuerChecks } from "./issuer.ts";
import { probe } from "./probe.ts";
import type { StageOutputs } from "./stage-outputs.ts";

export const EXIT_TEMPFAIL = 75;

/** How the checks reach the world: by default, as a user's laptop does. */
export interface CheckTransport {
  get?: typeof probe;
  env?: Record<string, string | undefined>;
  adminClient?: CognitoIdentityProviderClient;
}

/**
 * Runs the checks.
 * @example const lines = await checkStage(readStageOutputs(".sst/outputs.json", "prod"));
 */
export async function checkStage(
  outputs: StageOutputs,
  transport: CheckTransport = {},
): Promise<CheckLine[]> {
  const get = transport.get ?? probe;
  const fn = await functionUrlChecks(outputs, get);
  const [hostedUi, issuer, admin] = await Promise.all([
    hostedUiCheck(outputs, fn.authorizeUrl, get),
    issuerChecks(outputs, transport.env ?? process.env, get),
    adminCheck(outputs, transport.adminClient),
  ]);
  return [...fn.lines, hostedUi, ...issuer, admin];
}

/** The report's lines: one per check, its fix on the same line. */
export function formatLines(lines: CheckLine[]): string[] {
  const mark = { ok: "ok  ", fail: "FAIL", wait: "WAIT", skip: "skip" } as const;
  return lines.map(
    (line) =>
      `${mark[line.state]}  ${line.check}: ${line.said}${line.fix ? `. Fix: ${line.fix}` : ""}`,
  );
}

/** 0, 1, or {@link EXIT_TEMPFAIL}. */
export function exitCode(lines: CheckLine[]): number {
  if (lines.some((line) => line.state === "fail")) return 1;
  if (lines.some((line) => line.state === "wait")) return EXIT_TEMPFAIL;
  return 0;
}
