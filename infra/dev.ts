/**
 * Side processes for `sst dev` (the function itself runs live through SST's bridge):
 * the local dashboard on port 3000 against this stage's real pool, and the offline mock IdP,
 * which is not started unless asked for (`sst dev` shows it in its sidebar).
 */
import { LOCAL_PORTS } from "@cognito-dashboard/local-dev";

/**
 * Registers the dev commands; only call it under `sst dev`.
 * @example if ($dev) devCommands({ pool, client, secret });
 */
export function devCommands(input: {
  pool: sst.aws.CognitoUserPool;
  client: ReturnType<sst.aws.CognitoUserPool["addClient"]>;
  secret: sst.Secret;
}) {
  const port = String(LOCAL_PORTS[0]);
  // The local server reads the same COGNITO_* variables a person would set by hand; they exist
  // only in this process on the developer's machine, never on the deployed function.
  new sst.x.DevCommand("LocalDashboard", {
    dev: { title: `Dashboard :${port}`, command: "npm run dev", autostart: true },
    environment: {
      PORT: port,
      COGNITO_DOMAIN: $output(input.pool.domainUrl).apply(requireDomain),
      COGNITO_USER_POOL_ID: input.pool.id,
      COGNITO_CLIENT_ID: input.client.id,
      COGNITO_CLIENT_SECRET: input.client.secret,
      SESSION_SECRET: input.secret.value,
    },
  });
  new sst.x.DevCommand("MockIdp", {
    dev: { title: "Mock IdP", command: "npm run mock-idp", autostart: false },
  });
}

function requireDomain(url: string | undefined): string {
  if (!url) throw new Error("the user pool has no hosted-UI domain");
  return url;
}
