/**
 * Checks made before the stack registers a single resource, so that a deploy that would fail half
 * way, or succeed and then fail every cold start, stops at once with the command that fixes it.
 * Pure: the infrastructure test calls it directly and through the real `run()`.
 */
import { parseSessionSecrets } from "../packages/dashboard/src/config/session-secrets.ts";

export interface PreflightInput {
  stage: string;
  /** The AWS region the stage deploys to (`providers.aws.region` in app()). */
  region?: string;
  /** The program's environment: SST puts each secret's value in `SST_SECRET_<name>`. */
  env: Record<string, string | undefined>;
}

/**
 * The first reason this deploy must not go ahead, as one line, or `undefined`. (`sst dev` on prod
 * never gets here: prod is a protected stage, and SST 4.17.1 refuses `sst dev` on a protected
 * stage before it runs `run()`: "Cannot run `sst dev` on a protected stage.")
 * @example deployProblem({ stage: "prod", env: {} }) // "SessionSecret is not set for stage \"prod\". Run: …"
 */
export function deployProblem({ stage, region, env }: PreflightInput): string | undefined {
  if (region && NO_FUNCTION_URL_REGIONS.includes(region)) {
    return `Lambda has no Function URLs in ${region}, and the dashboard is served from one: give stage "${stage}" another region in STAGE_REGIONS (sst.config.ts).`;
  }
  return sessionSecretProblem(stage, env.SST_SECRET_SessionSecret);
}

/**
 * Regions where Lambda offers no Function URLs (AWS's list of Function URL regions, read in 2026):
 * a deploy there would create the pool and then fail on the URL. docs/deploy.md lists the same.
 */
export const NO_FUNCTION_URL_REGIONS = [
  "ap-south-2",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-west-1",
  "eu-south-2",
  "eu-central-2",
  "il-central-1",
  "me-central-1",
];

/**
 * The same rule the function applies at start (one or more secrets, comma-separated, each of at
 * least 32 characters), checked at deploy: a short secret would otherwise deploy fine and then
 * fail every cold start. The message never contains the value.
 */
function sessionSecretProblem(stage: string, raw: string | undefined): string | undefined {
  const fix = `npx sst secret set SessionSecret "$(openssl rand -base64 32)" --stage ${stage}`;
  if (raw === undefined || raw.trim() === "") {
    return `SessionSecret is not set for stage "${stage}". Run: ${fix}`;
  }
  try {
    parseSessionSecrets(raw, "SessionSecret", `run: ${fix}`);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
