/**
 * The deployed stage's outputs, as `sst deploy` writes them to `.sst/outputs.json` (SST's
 * `pkg/project/run.go`: the JSON of `run()`'s return value after every deploy, dev, refresh or
 * remove from this checkout, whatever the stage): checked to be the stage asked for.
 */
import { existsSync, readFileSync } from "node:fs";
import { userPoolRegion } from "@cognito-dashboard/cognito-auth";

/** What the checks need, from `sst.config.ts`'s outputs. */
export interface StageOutputs {
  stage: string;
  /** The Function URL, without its trailing slash. */
  dashboardUrl: string;
  /** The hosted UI's origin. */
  hostedUiUrl: string;
  userPoolId: string;
  /** The pool's region, from its id. */
  region: string;
  /** The app client the stack made. */
  clientId: string;
}

/** The outputs cannot be used: says what to run instead. Exit code 2. */
export class StageOutputsError extends Error {
  override name = "StageOutputsError";
}

/**
 * Reads and checks the outputs of `stage` from `file`.
 * @example readStageOutputs(".sst/outputs.json", "prod").dashboardUrl // "https://abc.lambda-url.eu-west-1.on.aws"
 */
export function readStageOutputs(file: string, stage: string): StageOutputs {
  const redeploy = `run \`npx sst deploy --stage ${stage}\` from this checkout (it writes them there), or pass --outputs <file>`;
  if (!existsSync(file)) throw new StageOutputsError(`No stack outputs at ${file}: ${redeploy}.`);
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
    raw = parsed as Record<string, unknown>;
  } catch {
    throw new StageOutputsError(`${file} is not SST's outputs (JSON object): ${redeploy}.`);
  }
  const text = (name: string): string => {
    const value = raw[name];
    if (typeof value !== "string" || value.trim() === "") {
      throw new StageOutputsError(
        `${file} has no ${name} output (written by an older version of this app, or by sst remove): ${redeploy}.`,
      );
    }
    return value.trim();
  };
  const outputStage = text("stage");
  if (outputStage !== stage) {
    throw new StageOutputsError(
      `${file} describes stage "${outputStage}" (the last one run from this checkout), not "${stage}": ${redeploy}.`,
    );
  }
  const userPoolId = text("userPoolId");
  const region = userPoolRegion(userPoolId);
  if (!region) throw new StageOutputsError(`${file}: "${userPoolId}" is not a user pool id.`);
  return {
    stage,
    dashboardUrl: httpsUrl(file, "dashboardUrl", text("dashboardUrl")).replace(/\/+$/, ""),
    hostedUiUrl: new URL(httpsUrl(file, "hostedUiUrl", text("hostedUiUrl"))).origin,
    userPoolId,
    region,
    clientId: text("clientId"),
  };
}

function httpsUrl(file: string, name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new StageOutputsError(`${file}: ${name} "${value}" is not a URL.`);
  }
  if (url.protocol !== "https:") {
    throw new StageOutputsError(`${file}: ${name} "${value}" is not https, as AWS serves it.`);
  }
  return value;
}
