import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";
import { Resource } from "sst/resource";

/**
 * The plain environment variable with the app client's NAME, set on the function by
 * infra/dashboard.ts. The id cannot be set at deploy time (the client needs the function's URL),
 * so the function looks its client up by this name at cold start.
 */
export const CLIENT_NAME_ENV = "USER_POOL_CLIENT_NAME";

const MIN_SECRET_LENGTH = 32;

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
  const sessionSecrets = parseSessionSecrets(linkedString("SessionSecret", "value"));
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

/** `SessionSecret` holds one or more secrets, comma-separated, newest first (it seals). */
function parseSessionSecrets(raw: string): string[] {
  const secrets = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  secrets.forEach((secret, i) => {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new SstConfigError(
        `SessionSecret: secret #${i + 1} of ${secrets.length} is shorter than ${MIN_SECRET_LENGTH} characters; set a new value with: npx sst secret set SessionSecret "$(openssl rand -base64 32)"`,
      );
    }
  });
  if (secrets.length === 0) throw new SstConfigError("SessionSecret is empty");
  return secrets;
}
