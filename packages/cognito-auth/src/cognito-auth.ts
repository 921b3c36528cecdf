import type { Context, MiddlewareHandler, Next } from "hono";
import type {
  ClientDeps,
  CognitoAuthVariables,
  OptionalCognitoAuthVariables,
} from "./auth-deps.ts";
import { handleCallback } from "./callback-route.ts";
import { CognitoAuthError } from "./errors.ts";
import { IdTokenVerifier } from "./id-token-verifier.ts";
import { handleLogin } from "./login-route.ts";
import { handleLogout } from "./logout-route.ts";
import {
  type ClientSettings,
  type ClientSettingsProvider,
  type CognitoAuthOptions,
  type LazyCognitoAuthOptions,
  type ResolvedCommonOptions,
  resolveClientBinding,
  resolveClientSettings,
  resolveCommonOptions,
  resolveOptions,
} from "./options.ts";
import { refusal } from "./pages.ts";
import { perRequest } from "./per-request-options.ts";
import { Renewals } from "./renewals.ts";
import { describeRequest, publicPathMatcher } from "./request-info.ts";
import { Sealer, sealerBinding } from "./sealer.ts";
import { SessionCache } from "./session-cache.ts";
import { type GuardDeps, guardSession } from "./session-guard.ts";
import { Rechecks } from "./session-recheck.ts";
import { SessionCookieScan } from "./session-scan.ts";
import { TokenClient } from "./token-client.ts";

const LOGIN_METHODS = ["GET", "HEAD"];
// GET only: a HEAD (a link checker, a preview bot) must not spend the one-time code.
const CALLBACK_METHODS = ["GET"];
const LOGOUT_METHODS = ["GET", "POST"];

/** The options, or a function that gives them for a request (on Workers, from `c.env`). */
export type CognitoAuthOptionsInput<O = CognitoAuthOptions | LazyCognitoAuthOptions> =
  | O
  | ((c: Context) => O);

/**
 * Protect every path of the app with Cognito hosted-UI login, except the login, callback and
 * logout routes (served here) and `publicPaths` (under `basePath` only, when one is given).
 * Options are validated now: a bad one throws a `CognitoAuthOptionError` naming it. With `clientSettings` instead of `domain`, `clientId` and `clientSecret`,
 * those are asked for when a route first needs them (and validated then). Given as a function of
 * the context instead, the options are read per request (the settings of a Worker are in
 * `c.env`), validated the first time each distinct settings are seen, and kept.
 * @example
 * app.use(cognitoAuth({ domain: "http://localhost:9500", userPoolId, clientId, clientSecret,
 *   sessionSecrets: [process.env.SESSION_SECRET] }));
 * // On Workers:
 * app.use(cognitoAuth((c) => ({ ...options, sessionSecrets: [c.env.SESSION_SECRET] })));
 */
export function cognitoAuth(
  options: CognitoAuthOptionsInput<
    (CognitoAuthOptions | LazyCognitoAuthOptions) & { required: false }
  >,
): MiddlewareHandler<{ Variables: OptionalCognitoAuthVariables }>;
export function cognitoAuth(
  options: CognitoAuthOptionsInput,
): MiddlewareHandler<{ Variables: CognitoAuthVariables }>;
export function cognitoAuth(
  options: CognitoAuthOptionsInput,
):
  | MiddlewareHandler<{ Variables: CognitoAuthVariables }>
  | MiddlewareHandler<{ Variables: OptionalCognitoAuthVariables }> {
  if (typeof options === "function") {
    const instanceFor = perRequest(options, createInstance);
    return function cognitoAuth(c: Context, next: Next) {
      return serve(c, next, instanceFor(c));
    };
  }
  const instance = createInstance(options);
  // Not `async`, nor is `serve`: the promise a request waits on is the guard's (or the route's)
  // own, not one more wrapped around it per layer. A refusal thrown on the way is caught by
  // Hono's compose as a rejection would be.
  return function cognitoAuth(c: Context, next: Next) {
    return serve(c, next, instance);
  };
}

/** What one set of options makes: validated once, shared by every request they serve. */
interface Instance {
  resolved: ResolvedCommonOptions;
  deps: GuardDeps;
  isPublic: (path: string) => boolean;
  /** Methods each route of the middleware answers. */
  methodsOf: Map<string, string[]>;
}

function createInstance(options: CognitoAuthOptions | LazyCognitoAuthOptions): Instance {
  let resolved: ResolvedCommonOptions;
  let client: () => Promise<ClientDeps>;
  let boundClient: string;
  if (typeof options === "object" && options !== null && "clientSettings" in options) {
    resolved = resolveCommonOptions(options);
    boundClient = resolveClientBinding(options.clientBinding);
    client = lazyClient(resolved, options.clientSettings);
  } else {
    const full = resolveOptions(options);
    const ready = Promise.resolve(clientDeps(full));
    resolved = full;
    boundClient = full.clientId;
    client = () => ready;
  }
  const { routes } = resolved;
  return {
    resolved,
    deps: {
      options: resolved,
      // Bound to the pool and the client: a cookie sealed by another pool, client or stage that
      // shares the secret does not open here. With lazy settings the client is known by what the
      // app names it at start (`clientBinding`), so a cookie-only request still never waits.
      sealer: new Sealer(
        resolved.sessionSecrets,
        sealerBinding({ issuer: resolved.issuer, clientId: boundClient }),
      ),
      rechecks: new Rechecks(resolved.recheckMs),
      sessions: new SessionCache(),
      scan: new SessionCookieScan(),
      https: resolved.baseUrl === undefined ? undefined : resolved.baseUrl.startsWith("https:"),
      client,
    },
    isPublic: publicPathMatcher(resolved.publicPaths),
    methodsOf: new Map([
      [routes.login, LOGIN_METHODS],
      [routes.callback, CALLBACK_METHODS],
      [routes.logout, LOGOUT_METHODS],
    ]),
  };
}

function serve(c: Context, next: Next, instance: Instance): ReturnType<MiddlewareHandler> {
  const { resolved, deps } = instance;
  const { basePath, routes } = resolved;
  const path = c.req.path;
  // Under a base path, the rest of the app is someone else's business (another mount, say).
  if (basePath !== "" && path !== basePath && !path.startsWith(`${basePath}/`)) return next();
  const methods = instance.methodsOf.get(path);
  if (methods !== undefined) {
    const info = describeRequest(c, resolved);
    if (!methods.includes(c.req.method)) {
      throw refusal(new CognitoAuthError("method_not_allowed"), {
        api: info.api,
        login: info.login,
        headers: { allow: methods.join(", ") },
      });
    }
    if (path === routes.login) return handleLogin(c, deps, info);
    if (path === routes.callback) return handleCallback(c, deps, info);
    return handleLogout(c, deps, info);
  }
  if (instance.isPublic(path)) return next();
  // No request info for a signed-in request: it is worked out only for a refusal or a renewal.
  return guardSession(c, next, deps);
}

function clientDeps(options: ClientDeps["options"], onInvalidClient?: () => void): ClientDeps {
  const verifier = new IdTokenVerifier(options);
  const tokens = new TokenClient({ ...options, onInvalidClient });
  return { options, verifier, tokens, renewals: new Renewals(tokens, verifier) };
}

/**
 * The client settings from `provider`, asked for on first need and kept; forgotten when the
 * provider fails (the next request asks again) and when the token endpoint answers
 * `invalid_client` with them (the next request asks again, passing the refused settings).
 */
function lazyClient(
  common: ResolvedCommonOptions,
  provider: ClientSettingsProvider,
): () => Promise<ClientDeps> {
  let current: Promise<ClientDeps> | undefined;
  let refused: ClientSettings | undefined;
  return () => {
    if (current) return current;
    const previous = refused;
    refused = undefined;
    const attempt: Promise<ClientDeps> = provider(previous).then((settings) =>
      clientDeps({ ...common, ...resolveClientSettings(settings) }, () => {
        if (current === attempt) {
          current = undefined;
          refused = settings;
        }
      }),
    );
    current = attempt;
    attempt.catch(() => {
      if (current === attempt) current = undefined;
    });
    return attempt;
  };
}
