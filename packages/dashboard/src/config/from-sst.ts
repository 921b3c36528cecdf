import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";
import { CLIENT_NAME_ENV } from "@cognito-dashboard/local-dev";
import { Resource } from "sst/resource";
import { parseSessionSecrets } from "./session-secrets.ts";

/** A linked resource that is missing or malformed; names what to fix, never shows a value. */
export class SstConfigError extends Error {
  override name = "SstConfigError";
}

/**
 * Settings from the resources SST links to the function (the user pool and the session secret)
 * plus what Cognito says about the app client, or `undefined` when not running under SST with
 * this app's links. Discovery happens once per container (see cognito-discovery.ts).
 * @example const auth = await configFromSst(); // { domain: { prefix, region }, userPoolId, clientId, … }
 */
export async function configFromSst(): Promise<CognitoAuthOptions | undefined> {
  const env = process.env;
  // Outside SST, `Resource` throws on any access; these two are how SST marks a linked process.
  if (!env.SST_RESOURCE_App && !env.SST_KEY_FILE) return undefined;
  if (!("UserPool" in Resource)) return undefined;

  const userPoolId = linkedString("UserPool", "id");
  const sessionSecrets = parseSessionSecrets(
    linkedString("SessionSecret", "value"),
    "SessionSecret",
    'set a new value with: npx sst secret set SessionSecret "$(openssl rand -base64 32)"',
  );
  const clientName = env[CLIENT_NAME_ENV]?.trim();
  if (!clientName) {
    throw new SstConfigError(
      `${CLIENT_NAME_ENV} is not set: the function cannot find its app client (see infra/dashboard.ts)`,
    );
  }

  // Loaded here, not at the top, so that local runs without SST never load the AWS SDK.
  const { discoverCognitoCached } = await import("./cognito-discovery.ts");
  const found = await discoverCognitoCached({ userPoolId, clientName });
  return {
    domain: found.domain,
    userPoolId: found.userPoolId,
    clientId: found.clientId,
    clientSecret: found.clientSecret,
    sessionSecrets,
  };
}

function linkedString(resource: string, property: string): string {
  const linked = (Resource as unknown as Record<string, unknown>)[resource] as
    | Record<string, unknown>
    | undefined;
  const value = linked?.[property];
  if (typeof value !== "string" || value.trim() === "") {
    throw new SstConfigError(
      `the linked resource ${resource} has no ${property}: link it to the function in sst.config.ts`,
    );
  }
  return value.trim();
}
