import {
  type ClientSettingsProvider,
  CognitoAuthOptionError,
  type LazyCognitoAuthOptions,
  validateClientSettings,
} from "@cognito-dashboard/cognito-auth";
import { CLIENT_ID_ENV, CLIENT_NAME_ENV, HOSTED_UI_ENV } from "@cognito-dashboard/local-dev";
import { Resource } from "sst/resource";
import type { ClientLookupOptions } from "./cognito-discovery.ts";
import { parseSessionSecrets } from "./session-secrets.ts";

/** A linked resource or deploy-time variable that is missing or malformed; never shows a value. */
export class SstConfigError extends Error {
  override name = "SstConfigError";
}

/**
 * Settings from what the stack gives the deployed function: the user pool and the session secret
 * as SST links, the app client's name, and (set after the client exists, infra/dashboard.ts) its
 * id and the hosted-UI URL. Nothing is asked of Cognito here: the middleware asks for the client
 * settings when a route first needs them (see cognito-discovery.ts), so a cold start that only
 * checks a session cookie makes no call at all. `undefined` when not running under SST with this
 * app's links.
 * @example const auth = await configFromSst(); // { userPoolId, sessionSecrets, clientSettings }
 */
export async function configFromSst(): Promise<LazyCognitoAuthOptions | undefined> {
  const env = process.env;
  // Outside SST, `Resource` throws on any access; these two are how SST marks a linked process.
  if (!env.SST_RESOURCE_App && !env.SST_KEY_FILE) return undefined;
  if (!("UserPool" in Resource)) return undefined;

  const userPoolId = linkedString("UserPool", "id");
  const stage = (Resource as unknown as { App?: { stage?: string } }).App?.stage ?? "<stage>";
  const sessionSecrets = parseSessionSecrets(
    linkedString("SessionSecret", "value"),
    "SessionSecret",
    `set a new value with: npx sst secret set SessionSecret "$(openssl rand -base64 32)" --stage ${stage}`,
  );
  const clientName = env[CLIENT_NAME_ENV]?.trim();
  if (!clientName) {
    throw new SstConfigError(
      `${CLIENT_NAME_ENV} is not set: the function cannot find its app client (see infra/dashboard.ts)`,
    );
  }
  // The middleware's own rules, naming the variable; it checks them again when the settings arrive.
  const clientId = optionalVariable(CLIENT_ID_ENV, (clientId) =>
    validateClientSettings({ clientId }),
  );
  const domain = optionalVariable(HOSTED_UI_ENV, (domain) => validateClientSettings({ domain }));
  return {
    userPoolId,
    sessionSecrets,
    clientSettings: lazyProvider({ userPoolId, clientName, clientId, domain }),
    // Sessions are bound to the client the stack names: its id once the stack has set it, its
    // name before (the first deploy); a replaced client keeps its name, so only a redeploy that
    // hands over a new id ends the sessions of the old one.
    clientBinding: clientId ?? clientName,
  };
}

/** The lookup's code (and its signer) loads on the first sign-in, not at cold start. */
function lazyProvider(options: ClientLookupOptions): ClientSettingsProvider {
  let provider: Promise<ClientSettingsProvider> | undefined;
  return async (refused) => {
    provider ??= import("./cognito-discovery.ts").then((m) => m.clientSettingsProvider(options));
    return (await provider)(refused);
  };
}

function optionalVariable(name: string, check: (value: string) => void): string | undefined {
  const value = process.env[name]?.trim();
  if (!value) return undefined;
  try {
    check(value);
  } catch (err) {
    if (!(err instanceof CognitoAuthOptionError)) throw err;
    throw new SstConfigError(`${name} ${err.problem}`);
  }
  return value;
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
