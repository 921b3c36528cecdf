// `npm run mock-idp` (or the package's bin): starts the offline Cognito hosted UI and prints how
// to use it. Runs with Node 24's type stripping (`node src/cli.ts`) and, built, as plain
// JavaScript, so no TypeScript-only syntax here.
import { MOCK_IDP, MOCK_OUTBOX_PATH } from "@cognito-dashboard/local-dev";
import { optionsFromEnv } from "./env-options.ts";
import {
  type MockIdp,
  type MockIdpOptions,
  PoolsFileError,
  startMockIdp,
  UsersFileError,
} from "./index.ts";

let idp: MockIdp | undefined;
let stopping = false;

// Installed before anything is printed, so a signal sent as soon as the URL shows is handled.
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  if (idp) console.log(`mock-idp: ${signal}, stopping`);
  (idp?.stop() ?? Promise.resolve()).then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);

async function main(): Promise<void> {
  let options: MockIdpOptions;
  try {
    options = optionsFromEnv(process.env);
  } catch (error) {
    return fail((error as Error).message);
  }
  try {
    idp = await startMockIdp(options);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (error instanceof UsersFileError) return fail(`cannot use the users file ${err.message}`);
    if (error instanceof PoolsFileError) return fail(`cannot use the pools file ${err.message}`);
    if (err.code === "EADDRINUSE") {
      return fail(
        `port ${options.port ?? MOCK_IDP.port} is in use; set MOCK_IDP_PORT to another port`,
      );
    }
    return fail(err.message.replace(/^mock-idp: /, ""));
  }
  const lines = [
    `mock-idp: offline Cognito hosted UI listening on ${idp.url}`,
    `  issuer         ${idp.issuer}`,
    `  jwks           ${idp.jwksUri}`,
    `  client id      ${idp.clientId}`,
    `  client secret  ${idp.clientSecret}`,
    `  callback URLs  ${idp.config.callbackUrls.join(" ")}`,
    `  user-pool API  ${idp.url} (AWS SDK endpoint; any SigV4 credentials, region ${idp.userPoolId.split("_")[0]})`,
    `  outbox         ${idp.url}${MOCK_OUTBOX_PATH} (invitations and reset codes)`,
    `  users (email / password / groups):`,
    ...idp.config.users.map(
      (u) =>
        `    ${u.email} / ${u.password} / ${u.groups.length ? u.groups.join(",") : "-"}${u.status === "FORCE_CHANGE_PASSWORD" ? " (temporary password)" : ""}`,
    ),
    ...(idp.config.federation
      ? [
          `  federated provider ${idp.config.federation.providerName} (identity_provider=${idp.config.federation.providerName}):`,
          ...idp.config.federatedUsers.map((u) => `    ${u.email}`),
        ]
      : []),
    ...idp
      .pools()
      .slice(1)
      .flatMap((pool) => [
        `pool ${pool.userPoolId}: hosted UI ${pool.hostedUiUrl}`,
        `  issuer         ${pool.issuer}`,
        ...pool.userPool
          .clients()
          .map(
            (c) =>
              `  client         ${c.clientId}${c.clientSecret ? ` / secret ${c.clientSecret}` : " (public)"}`,
          ),
        ...pool.userPool
          .users()
          .map((u) => `  user           ${u.attributes.email} / ${u.password}`),
      ]),
    "Press Ctrl+C to stop.",
  ];
  console.log(lines.join("\n"));
}

function fail(message: string): void {
  console.error(`mock-idp: ${message}`);
  process.exitCode = 1;
}

await main();
