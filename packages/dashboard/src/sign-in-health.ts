/**
 * `GET /healthz/sign-in`: can this function get its app client's settings (the discovery a first
 * sign-in makes), answered from outside without a session, for `npm run check-deploy`.
 *
 * It says `{"status":"ok"}` (200) or `{"status":"failing","code":"..."}` (503) and nothing more:
 * no pool, client, domain or message. It costs what `/login/cognito` already costs an anonymous
 * caller, less: a success is the lookup the middleware keeps anyway, and a failure is remembered
 * for {@link FAILURE_MEMORY_MS}, so this route makes at most one lookup per that time per
 * container (where `/login/cognito` tries again on every request).
 */
import {
  CognitoAuthOptionError,
  type CognitoAuthOptions,
  type LazyCognitoAuthOptions,
  validateClientSettings,
} from "@cognito-dashboard/cognito-auth";
import type { Handler } from "hono";
import { CognitoDiscoveryError } from "./config/discovery-error.ts";

export const SIGN_IN_HEALTH_PATH = "/healthz/sign-in";

/** How long a failed check is answered from memory, without asking Cognito again. */
export const FAILURE_MEMORY_MS = 10_000;

/** The route's answer. `code` is stable: `npm run check-deploy` maps it to a fix. */
export type SignInHealth = { status: "ok" } | { status: "failing"; code: SignInHealthCode };

/**
 * A {@link CognitoDiscoveryError} code, or: `access_denied` (the function's role may not make the
 * call), `invalid_client_settings` (Cognito answered settings the middleware refuses), `error`.
 */
export type SignInHealthCode =
  | Exclude<CognitoDiscoveryError["code"], "aws_error">
  | "aws_error"
  | "access_denied"
  | "invalid_client_settings"
  | "error";

const REFUSED_BY_IAM = new Set([
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
]);

/**
 * The route's handler for the app's auth options; static settings (environment, mock) are ok.
 * @example app.get(SIGN_IN_HEALTH_PATH, signInHealth(config.auth));
 */
export function signInHealth(
  auth: CognitoAuthOptions | LazyCognitoAuthOptions,
  now: () => number = () => Date.now(),
): Handler {
  let failure: { code: SignInHealthCode; until: number } | undefined;
  let inFlight: Promise<SignInHealth> | undefined;

  const check = (): Promise<SignInHealth> => {
    if (!("clientSettings" in auth)) return Promise.resolve({ status: "ok" });
    if (failure && now() < failure.until) {
      return Promise.resolve({ status: "failing", code: failure.code });
    }
    inFlight ??= auth
      .clientSettings()
      .then((settings) => {
        validateClientSettings(settings);
        failure = undefined;
        return { status: "ok" } as const;
      })
      .catch((err: unknown) => {
        const code = healthCode(err);
        failure = { code, until: now() + FAILURE_MEMORY_MS };
        // The code and the error's name only: the log line of the failing sign-in has the rest.
        console.warn(
          JSON.stringify({
            level: "warn",
            msg: "sign-in health failing",
            code,
            error: err instanceof Error ? err.name : typeof err,
          }),
        );
        return { status: "failing", code } as const;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };

  return async function signInHealthRoute(c) {
    const health = await check();
    if (health.status === "ok") return c.json(health, 200);
    c.header("Retry-After", String(Math.ceil(FAILURE_MEMORY_MS / 1000)));
    return c.json(health, 503);
  };
}

function healthCode(err: unknown): SignInHealthCode {
  if (err instanceof CognitoDiscoveryError) {
    if (err.code === "aws_error" && err.awsType && REFUSED_BY_IAM.has(err.awsType)) {
      return "access_denied";
    }
    return err.code;
  }
  if (err instanceof CognitoAuthOptionError) return "invalid_client_settings";
  return "error";
}
