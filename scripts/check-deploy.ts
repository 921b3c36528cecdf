/**
 * `npm run check-deploy -- --stage <stage>`: after `sst deploy`, checks from outside that the
 * stage works, a line per check with the fix when one fails (scripts/check-deploy/).
 *
 *   npm run check-deploy -- --stage prod [--outputs .sst/outputs.json]
 *
 * The stage's URLs and ids come from `.sst/outputs.json` (what the last `sst deploy` from this
 * checkout wrote; it must be that stage's). AWS credentials (for the admin check) come from the
 * usual places. Exit code: 0 all passed, 1 something to fix, 75 only a new hosted-UI domain still
 * propagating (or Cognito slow): run again in a minute, 2 a usage or outputs problem.
 * Runs on Node's own type stripping, so only erasable TypeScript here.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { checkStage, exitCode, formatLines } from "./check-deploy/check-stage.ts";
import { readStageOutputs, StageOutputsError } from "./check-deploy/stage-outputs.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const USAGE = "usage: npm run check-deploy -- --stage <stage> [--outputs <file>]";

async function main(): Promise<number> {
  let values: { stage?: string; outputs?: string; help?: boolean };
  try {
    values = parseArgs({
      options: {
        stage: { type: "string" },
        outputs: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (err) {
    console.error(`check-deploy: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.stage) {
    console.error(`check-deploy: which stage? ${USAGE}`);
    return 2;
  }
  const file = values.outputs ?? join(ROOT, ".sst", "outputs.json");
  let outputs: ReturnType<typeof readStageOutputs>;
  try {
    outputs = readStageOutputs(file, values.stage);
  } catch (err) {
    if (!(err instanceof StageOutputsError)) throw err;
    console.error(`check-deploy: ${err.message}`);
    return 2;
  }
  console.log(`check-deploy: stage ${outputs.stage}, ${outputs.dashboardUrl}`);
  const lines = await checkStage(outputs);
  for (const line of formatLines(lines)) console.log(line);
  const code = exitCode(lines);
  const count = (state: string) => lines.filter((line) => line.state === state).length;
  console.log(
    `check-deploy: ${count("ok")} passed, ${count("fail")} to fix, ${count("wait")} to wait for${code === 0 ? ": the stage works" : ""}`,
  );
  return code;
}

process.exitCode = await main();
