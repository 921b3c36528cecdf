/**
 * `npm run rehearse`: the dashboard from the zip `sst deploy` would upload, under AWS's runtime
 * interface client, behind a Function URL, on AWS's host names, against the mock IdP playing
 * Cognito (tests/rehearsal/rehearsal.ts). Prints the Chromium command that opens it, then serves
 * until Ctrl-C. Needs root (a private /etc/hosts for the function, port 443) and the runtime
 * client's addon (`npm run rehearse:setup`); says so in one line otherwise.
 */
import { RehearsalUnavailable, startRehearsal } from "../tests/rehearsal/rehearsal.ts";

const quiet = process.argv.includes("--quiet");

let rehearsal: Awaited<ReturnType<typeof startRehearsal>>;
try {
  console.log("rehearse: evaluating sst.config.ts and building the function as sst deploy does...");
  rehearsal = await startRehearsal({ onLog: quiet ? undefined : (line) => console.log(line) });
} catch (error) {
  if (error instanceof RehearsalUnavailable) {
    console.error(`rehearse: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const r = rehearsal;
const kb = (bytes: number) => `${Math.round(bytes / 1000)} KB`;
console.log(
  [
    `rehearse: ${r.zip.files.filter((f) => !f.endsWith("/")).length} files, ${kb(r.zip.bytes)} zipped, handler ${r.handler}, under aws-lambda-ric`,
    `  dashboard (Function URL)  ${r.functionUrl}/`,
    `  hosted UI (the mock IdP)  ${r.hostedUi}/`,
    "  sign in as admin@example.com or demo@example.com, password Passw0rd! (the mock's users)",
    "Open it in Chromium (AWS's names go to this machine, its certificate is trusted for this window only):",
    `  chromium --user-data-dir="$(mktemp -d)" ${r.chromiumArgs.map((a) => `'${a}'`).join(" ")} ${r.functionUrl}/`,
    "Ctrl-C stops it.",
  ].join("\n"),
);

const stop = async () => {
  await r.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
