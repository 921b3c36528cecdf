import type { Context } from "hono";
import type { CognitoUser } from "./cognito-user.ts";
import { CookieSettings } from "./cookie-settings.ts";
import { type CognitoAuthError, CognitoAuthOptionError } from "./errors.ts";

/** What `onLogin` decides: nothing to say, `false` to refuse, or claims to add. */
export type LoginDecision = undefined | false | { claims?: Record<string, unknown> };

/** Extra parameters of the hosted UI's authorize request. */
export interface AuthorizationParams {
  /** Skip Cognito's chooser: the provider's name in the pool ("Google", "CorporateSSO"). */
  identity_provider?: string;
  /** Skip the chooser by an identifier of the provider (an email domain, for SAML). */
  idp_identifier?: string;
  /** Prefill the username field. */
  login_hint?: string;
  /** The hosted UI's language ("fr", "de"...; managed login only). */
  lang?: string;
  /** Scopes of this sign-in, instead of the `scopes` option; must include "openid". */
  scope?: string[];
}

/** The middleware's routes, relative to `basePath`. */
export interface CognitoAuthRoutes {
  /** Starts a sign-in. Default "/login/cognito". */
  login?: string;
  /** The hosted UI's redirect back (register it on the app client). Default "/login/cognito/authorized". */
  callback?: string;
  /** Ends the session. Default "/logout". */
  logout?: string;
  /** Where the hosted UI sends the browser after logout (register it as a sign-out URL). Default "/". */
  afterLogout?: string;
}

/** How the middleware's cookies are named and scoped. */
export interface CognitoAuthCookies {
  /** Start of every cookie's name. Default "cdash". */
  prefix?: string;
  /** The session cookie's path. Default `basePath`, or "/". */
  path?: string;
  /** The session cookie's domain, to share it with subdomains. Default: none (host-only). */
  domain?: string;
  /** The session cookie's SameSite. Default "Lax"; "None" makes it Secure. */
  sameSite?: "Lax" | "Strict" | "None";
}

/** Options of `cognitoAuth()`. Every key is documented in the package README. */
export interface CognitoAuthOptions {
  /** Hosted-UI base: a full URL ("https://auth.example.com", "http://localhost:9500" for the mock) or { prefix, region } for a Cognito prefix domain. */
  domain: string | { prefix: string; region: string };
  /** "eu-west-1_AbC123"; the issuer is https://cognito-idp.<region>.amazonaws.com/<userPoolId>. */
  userPoolId: string;
  clientId: string;
  /** `null` (explicit) = public client, no secret sent. */
  clientSecret: string | null;
  /** At least one, each at least 32 bytes; the first seals, all open (rotation). */
  sessionSecrets: string[];
  /** Default ["openid", "email", "profile"]. Must include "openid". */
  scopes?: string[];
  /** Default `${issuer}/.well-known/jwks.json`. */
  jwksUri?: string;
  /** Default ["/healthz", "/static/*", "/favicon.ico"]; login, callback and logout are always public. */
  publicPaths?: string[];
  /** Default "/api": requests under it get 401/403 JSON, never a redirect. */
  apiPrefix?: string;
  /** Absolute session lifetime, default 8 hours; a refused renewal ends it sooner. */
  sessionTtlSeconds?: number;
  /** Public origin override (behind a proxy); default: the request URL's origin. */
  baseUrl?: string;
  /** Deadline of each call to the IdP (token, refresh, revoke, JWKS), whole answer included; default 5000 ms. */
  idpTimeoutMs?: number;
  /**
   * How often a live session is re-checked with Cognito (a refresh-token grant), in seconds:
   * a user signed out everywhere, disabled or deleted loses access at their first request after
   * it. Default 60. `null` or `false` (explicitly) turns re-checks off: a session then lasts until
   * its ID token expires.
   */
  recheckSeconds?: number | null | false;
  /** Where the middleware lives: its routes are under it, and it leaves other paths alone. Default "". */
  basePath?: string;
  /** The middleware's routes, relative to `basePath`. */
  routes?: CognitoAuthRoutes;
  /** Cookie names and attributes. */
  cookies?: CognitoAuthCookies;
  /**
   * `false`: optional auth. A request with a session gets `c.get("auth")`; one without (or with a
   * session that cannot be renewed) goes on without it, never redirected: put `requireAuth()` on
   * the routes that need a user. Default `true`: every path but the public ones needs a session.
   */
  required?: boolean;
  /**
   * `false`: the session does not keep the user's access token, for an app that calls no API on
   * the user's behalf: a smaller cookie (a Cognito-size session fits one), and `accessToken()`
   * rejects. Default `true`.
   */
  keepAccessToken?: boolean;
  /**
   * After a sign-in is verified, before the session is sealed. Return `false` to refuse the user
   * (a 403 `login_refused`), or `{ claims }` to add claims to the session (`user.claims`; they go
   * into the cookie, so keep them small). A throw reaches `app.onError`.
   */
  onLogin?: (c: Context, login: { user: CognitoUser }) => LoginDecision | Promise<LoginDecision>;
  /** A renewal with the refresh token failed (refused, or the IdP unavailable); for logging. */
  onRefreshError?: (c: Context, error: CognitoAuthError) => void | Promise<void>;
  /** A logout, before the redirect to the hosted UI; `user` is undefined without a session. */
  onLogout?: (c: Context, user: CognitoUser | undefined) => void | Promise<void>;
  /** Extra parameters of the authorize request, fixed or per request. Default none. */
  authorizationParams?:
    | AuthorizationParams
    | ((c: Context) => AuthorizationParams | Promise<AuthorizationParams>);
}

/** The app client's settings: given as options, or supplied later by `clientSettings`. */
export type ClientSettings = Pick<CognitoAuthOptions, "domain" | "clientId" | "clientSecret">;

/**
 * Supplies the app client's settings when a route first needs them (sign-in, callback, renewal
 * of an expired ID token, logout), so that a request that only checks a session cookie never
 * waits for them. Called once, and again after the token endpoint answered `invalid_client` with
 * the settings it gave, which it then receives as `refused` (look them up again). A rejection is
 * not kept (the next request calls again) and reaches `app.onError` unchanged.
 */
export type ClientSettingsProvider = (refused?: ClientSettings) => Promise<ClientSettings>;

/** {@link CognitoAuthOptions} with the client settings supplied later instead of given now. */
export type LazyCognitoAuthOptions = Omit<
  CognitoAuthOptions,
  "domain" | "clientId" | "clientSecret"
> & {
  clientSettings: ClientSettingsProvider;
  /**
   * What names the app client before its settings arrive, so sessions can be bound to the pool
   * and the client without waiting for them: the client id when the app knows it at start, else
   * a name unique to the client (its name in the pool). Sessions sealed under another binding do
   * not open.
   */
  clientBinding: string;
};

/** The options that do not depend on the app client, validated. */
export interface ResolvedCommonOptions {
  userPoolId: string;
  issuer: string;
  sessionSecrets: string[];
  scopes: string[];
  jwksUri: string;
  publicPaths: string[];
  apiPrefix: string;
  sessionTtlSeconds: number;
  baseUrl: string | undefined;
  idpTimeoutMs: number;
  /** `recheckSeconds` in ms; `Infinity` when re-checks are off. */
  recheckMs: number;
  basePath: string;
  /** Full paths, `basePath` included. */
  routes: Required<CognitoAuthRoutes>;
  cookies: CookieSettings;
  authorizationParams: (c: Context) => Promise<AuthorizationParams>;
  required: boolean;
  keepAccessToken: boolean;
  onLogin: CognitoAuthOptions["onLogin"];
  onRefreshError: CognitoAuthOptions["onRefreshError"];
  onLogout: CognitoAuthOptions["onLogout"];
}

/** The app client's settings, validated. */
export interface ResolvedClientSettings {
  domain: string;
  clientId: string;
  clientSecret: string | null;
}

/** Options after validation, with every default filled in. */
export type ResolvedOptions = ResolvedCommonOptions & ResolvedClientSettings;

const USER_POOL_ID = /^([a-z]{2}-(?:gov-)?[a-z]+-\d)_[a-zA-Z0-9]+$/;
const REGION = /^[a-z]{2}-(gov-)?[a-z]+-\d$/;
const DOMAIN_PREFIX = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Cognito's own pattern for an app client id.
const CLIENT_ID = /^[\w+]{1,128}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]{1,256}$/;
// A path of plain characters: no dot segments, no query, no "*" (one route, one cookie path).
const ROUTE = /^(?:\/[\w.~!$&'()+,;=:@%-]+)+$/;
const COOKIE_PREFIX = /^[A-Za-z0-9_-]{1,32}$/;
const AUTHORIZATION_VALUE = /^[\x20-\x7e]{1,256}$/;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The region of a user pool id, or `undefined` when it is not one: the one user-pool-id rule.
 * @example userPoolRegion("eu-west-1_AbC123") // "eu-west-1"
 */
export function userPoolRegion(userPoolId: string): string | undefined {
  return USER_POOL_ID.exec(userPoolId)?.[1];
}

/**
 * Check options as `cognitoAuth()` would, without creating a middleware: throws the same
 * {@link CognitoAuthOptionError}, so an app can name its own setting for `err.option` at start-up.
 * @example validateCognitoAuthOptions({ ...options, userPoolId: "x" }) // throws, err.option "userPoolId"
 */
export function validateCognitoAuthOptions(
  options: CognitoAuthOptions | LazyCognitoAuthOptions,
): void {
  if (typeof options === "object" && options !== null && "clientSettings" in options) {
    resolveCommonOptions(options);
    resolveClientBinding(options.clientBinding);
  } else {
    resolveOptions(options);
  }
}

/**
 * The issuer of a user pool's tokens: its region is the pool id's prefix.
 * @example cognitoIssuer("eu-west-1_AbC") // "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC"
 */
export function cognitoIssuer(userPoolId: string): string {
  return `https://cognito-idp.${userPoolId.split("_")[0]}.amazonaws.com/${userPoolId}`;
}

function fail(option: string, problem: string): never {
  throw new CognitoAuthOptionError(option, problem);
}

/** An origin-only URL: https anywhere, http only on loopback (the mock IdP, local dev). */
function parseOrigin(option: string, value: unknown, allowPath = false): string {
  if (typeof value !== "string" || value === "") fail(option, "must be a URL string");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(option, `is not a valid URL: ${JSON.stringify(value)}`);
  }
  const http = url.protocol === "http:" && LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !http) fail(option, "must use https (http only on localhost)");
  if (url.username || url.password || url.search || url.hash) {
    fail(option, "must not contain credentials, a query or a fragment");
  }
  if (!allowPath && url.pathname !== "/") fail(option, "must be an origin without a path");
  return allowPath ? url.href : url.origin;
}

/**
 * The hosted UI's origin for a `domain` option: a full URL's origin, or a Cognito prefix domain in
 * its region. Throws {@link CognitoAuthOptionError} as `cognitoAuth()` would for a bad one.
 * @example hostedUiOrigin({ prefix: "my-app", region: "eu-west-1" }) // "https://my-app.auth.eu-west-1.amazoncognito.com"
 */
export function hostedUiOrigin(domain: CognitoAuthOptions["domain"]): string {
  return resolveDomain(domain);
}

function resolveDomain(domain: unknown): string {
  if (typeof domain === "string") return parseOrigin("domain", domain);
  if (typeof domain !== "object" || domain === null) {
    return fail("domain", "must be a URL or { prefix, region }");
  }
  const { prefix, region } = domain as { prefix?: unknown; region?: unknown };
  if (typeof prefix !== "string" || !DOMAIN_PREFIX.test(prefix)) {
    fail("domain.prefix", "must be a Cognito domain prefix (lowercase letters, digits, hyphens)");
  }
  if (typeof region !== "string" || !REGION.test(region)) {
    fail("domain.region", 'must be an AWS region such as "eu-west-1"');
  }
  return `https://${prefix}.auth.${region}.amazoncognito.com`;
}

function stringList(option: string, value: unknown, check: (item: string) => boolean): string[] {
  if (!Array.isArray(value) || value.length === 0) fail(option, "must be a non-empty array");
  for (const item of value) {
    if (typeof item !== "string" || !check(item)) fail(option, `has an invalid entry: ${item}`);
  }
  return [...value];
}

/**
 * Validate options once, at creation, and fill the defaults.
 * @example resolveOptions({ domain: "http://localhost:9500", ... }).scopes // ["openid", "email", "profile"]
 */
export function resolveOptions(options: CognitoAuthOptions): ResolvedOptions {
  const common = resolveCommonOptions(options);
  return { ...resolveClientSettings(options), ...common };
}

/**
 * Validate the app client's settings (at creation, or each time `clientSettings` supplies them).
 * @example resolveClientSettings({ domain: { prefix: "app", region: "eu-west-1" }, clientId, clientSecret }).domain
 */
export function resolveClientSettings(settings: ClientSettings): ResolvedClientSettings {
  if (typeof settings === "object" && settings !== null) {
    if (settings.clientId === undefined) fail("clientId", "is required");
    if (settings.clientSecret === undefined) {
      fail(
        "clientSecret",
        "must be the app client secret, or null (explicitly) for a public client",
      );
    }
  }
  validateClientSettings(settings);
  const { clientId, clientSecret } = settings;
  return { domain: resolveDomain(settings.domain), clientId, clientSecret };
}

/**
 * Check the app client's settings that are known, e.g. a client id or hosted-UI URL handed over
 * at deploy before the rest is looked up: throws a {@link CognitoAuthOptionError} naming the bad
 * one, as `cognitoAuth()` would when they arrive.
 * @example validateClientSettings({ clientId: "has space" }) // throws, err.option "clientId"
 */
export function validateClientSettings(settings: Partial<ClientSettings>): void {
  if (typeof settings !== "object" || settings === null) fail("options", "must be an object");
  const { clientId, clientSecret } = settings;
  if (clientId !== undefined && (typeof clientId !== "string" || !CLIENT_ID.test(clientId))) {
    fail("clientId", "must be the app client id (letters, digits, _ or +)");
  }
  if (
    clientSecret !== undefined &&
    clientSecret !== null &&
    (typeof clientSecret !== "string" || clientSecret === "")
  ) {
    fail("clientSecret", "must be the app client secret, or null (explicitly) for a public client");
  }
  if (settings.domain !== undefined) resolveDomain(settings.domain);
}

/**
 * Validate the `clientBinding` of lazy options: what the sealer binds sessions to for the client.
 * @example resolveClientBinding("dashboard-dev") // "dashboard-dev"
 */
export function resolveClientBinding(binding: unknown): string {
  if (typeof binding !== "string" || binding.trim() === "" || binding.length > 128) {
    fail("clientBinding", "must name the app client (its id, or its name): 1 to 128 characters");
  }
  return binding;
}

/**
 * Validate everything but the app client's settings.
 * @example resolveCommonOptions(lazyOptions).sessionTtlSeconds // 28800
 */
export function resolveCommonOptions(
  options: CognitoAuthOptions | LazyCognitoAuthOptions,
): ResolvedCommonOptions {
  if (typeof options !== "object" || options === null) fail("options", "must be an object");
  const { userPoolId, sessionSecrets } = options;
  if (typeof userPoolId !== "string" || !USER_POOL_ID.test(userPoolId)) {
    fail("userPoolId", 'must look like "eu-west-1_AbC123"');
  }
  const encoder = new TextEncoder();
  const secrets = stringList("sessionSecrets", sessionSecrets, (s) => s.length > 0);
  if (secrets.some((s) => encoder.encode(s).length < 32)) {
    fail("sessionSecrets", "must contain secrets of at least 32 bytes each");
  }
  const scopes = stringList("scopes", options.scopes ?? ["openid", "email", "profile"], (s) =>
    SCOPE.test(s),
  );
  if (!scopes.includes("openid")) fail("scopes", 'must include "openid" (an ID token is needed)');
  const publicPaths = stringList(
    "publicPaths",
    options.publicPaths ?? ["/healthz", "/static/*", "/favicon.ico"],
    (p) => p.startsWith("/") && !(p.endsWith("/*") ? p.slice(0, -1) : p).includes("*"),
  );
  const apiPrefix = options.apiPrefix ?? "/api";
  if (typeof apiPrefix !== "string" || !/^\/[^*]*[^/*]$/.test(apiPrefix)) {
    fail("apiPrefix", 'must be a path such as "/api" (no trailing slash)');
  }
  if (options.required !== undefined && typeof options.required !== "boolean") {
    fail("required", "must be true or false");
  }
  if (options.keepAccessToken !== undefined && typeof options.keepAccessToken !== "boolean") {
    fail("keepAccessToken", "must be true or false");
  }
  const ttl = options.sessionTtlSeconds ?? 8 * 60 * 60;
  if (!Number.isInteger(ttl) || ttl < 60 || ttl > 400 * 24 * 60 * 60) {
    fail("sessionTtlSeconds", "must be a whole number of seconds between 60 and 400 days");
  }
  const idpTimeoutMs = options.idpTimeoutMs ?? 5_000;
  if (!Number.isInteger(idpTimeoutMs) || idpTimeoutMs < 100 || idpTimeoutMs > 30_000) {
    fail("idpTimeoutMs", "must be a whole number of milliseconds between 100 and 30000");
  }
  const recheckMs = resolveRecheck(options.recheckSeconds);
  const issuer = cognitoIssuer(userPoolId);
  const basePath = options.basePath ?? "";
  if (basePath !== "" && !isRoute(basePath)) {
    fail("basePath", 'must be "" or a path such as "/team-a" (no trailing slash, no dot segments)');
  }
  const routes = resolveRoutes(basePath, options.routes);
  const cookies = resolveCookies(basePath, options.cookies);
  return {
    userPoolId,
    issuer,
    sessionSecrets: secrets,
    scopes,
    jwksUri:
      options.jwksUri === undefined
        ? `${issuer}/.well-known/jwks.json`
        : parseOrigin("jwksUri", options.jwksUri, true),
    publicPaths,
    apiPrefix,
    sessionTtlSeconds: ttl,
    baseUrl: options.baseUrl === undefined ? undefined : parseOrigin("baseUrl", options.baseUrl),
    idpTimeoutMs,
    recheckMs,
    basePath,
    routes,
    cookies: new CookieSettings(cookies, routes),
    authorizationParams: resolveAuthorizationParams(options.authorizationParams),
    required: options.required ?? true,
    keepAccessToken: options.keepAccessToken ?? true,
    onLogin: hook("onLogin", options.onLogin),
    onRefreshError: hook("onRefreshError", options.onRefreshError),
    onLogout: hook("onLogout", options.onLogout),
  };
}

/** Re-checks: whole seconds from 1 to a day, default 60; `null` or `false` for none. */
/** `recheckSeconds` when the options do not say. */
export const DEFAULT_RECHECK_SECONDS = 60;

function resolveRecheck(value: unknown): number {
  if (value === null || value === false) return Number.POSITIVE_INFINITY;
  const seconds = value ?? DEFAULT_RECHECK_SECONDS;
  if (!Number.isInteger(seconds) || (seconds as number) < 1 || (seconds as number) > 86_400) {
    fail("recheckSeconds", "must be a whole number of seconds from 1 to 86400, or null for none");
  }
  return (seconds as number) * 1000;
}

function hook<T>(option: string, value: T): T {
  if (value !== undefined && typeof value !== "function") fail(option, "must be a function");
  return value;
}

function isRoute(path: unknown): path is string {
  return typeof path === "string" && ROUTE.test(path) && !/\/\.\.?(\/|$)/.test(path);
}

const DEFAULT_ROUTES: Required<CognitoAuthRoutes> = {
  login: "/login/cognito",
  callback: "/login/cognito/authorized",
  logout: "/logout",
  afterLogout: "/",
};

function resolveRoutes(
  basePath: string,
  routes: CognitoAuthRoutes | undefined,
): Required<CognitoAuthRoutes> {
  if (routes !== undefined && (typeof routes !== "object" || routes === null)) {
    fail("routes", "must be an object");
  }
  const out = { ...DEFAULT_ROUTES };
  for (const key of Object.keys(DEFAULT_ROUTES) as (keyof CognitoAuthRoutes)[]) {
    const value = routes?.[key] ?? DEFAULT_ROUTES[key];
    if (!(value === "/" && key === "afterLogout") && !isRoute(value)) {
      fail(`routes.${key}`, 'must be a path such as "/login/cognito" (no trailing slash)');
    }
    out[key] = value === "/" ? basePath || "/" : `${basePath}${value}`;
  }
  const { login, callback, logout } = out;
  if (new Set([login, callback, logout]).size !== 3) {
    fail("routes", "must give login, callback and logout three different paths");
  }
  return out;
}

function resolveCookies(basePath: string, cookies: CognitoAuthCookies | undefined) {
  if (cookies !== undefined && (typeof cookies !== "object" || cookies === null)) {
    fail("cookies", "must be an object");
  }
  const prefix = cookies?.prefix ?? "cdash";
  if (typeof prefix !== "string" || !COOKIE_PREFIX.test(prefix)) {
    fail("cookies.prefix", "must be 1 to 32 letters, digits, _ or -");
  }
  const path = cookies?.path ?? (basePath || "/");
  if (path !== "/" && !isRoute(path)) fail("cookies.path", 'must be "/" or a path such as "/app"');
  const domain = cookies?.domain;
  if (
    domain !== undefined &&
    (typeof domain !== "string" || !/^\.?[a-z0-9.-]{1,253}$/i.test(domain))
  ) {
    fail("cookies.domain", 'must be a host name such as "example.com"');
  }
  const sameSite = cookies?.sameSite ?? "Lax";
  if (sameSite !== "Lax" && sameSite !== "Strict" && sameSite !== "None") {
    fail("cookies.sameSite", 'must be "Lax", "Strict" or "None"');
  }
  return { prefix, path, domain, sameSite };
}

/**
 * Check authorize parameters (at creation when fixed, per sign-in when a function gives them).
 * @example checkAuthorizationParams({ identity_provider: "Google" }) // the same object
 */
export function checkAuthorizationParams(params: unknown): AuthorizationParams {
  if (typeof params !== "object" || params === null) {
    return fail("authorizationParams", "must be an object");
  }
  const out: AuthorizationParams = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (key === "scope") {
      const scope = stringList("authorizationParams.scope", value, (s) => SCOPE.test(s));
      if (!scope.includes("openid")) fail("authorizationParams.scope", 'must include "openid"');
      out.scope = scope;
    } else if (
      key === "identity_provider" ||
      key === "idp_identifier" ||
      key === "login_hint" ||
      key === "lang"
    ) {
      if (typeof value !== "string" || !AUTHORIZATION_VALUE.test(value)) {
        fail(`authorizationParams.${key}`, "must be 1 to 256 printable ASCII characters");
      }
      out[key] = value;
    } else {
      fail(`authorizationParams.${key}`, "is not a parameter the middleware sends");
    }
  }
  if (out.identity_provider !== undefined && out.idp_identifier !== undefined) {
    fail("authorizationParams", "takes identity_provider or idp_identifier, not both");
  }
  return out;
}

function resolveAuthorizationParams(
  given: CognitoAuthOptions["authorizationParams"],
): (c: Context) => Promise<AuthorizationParams> {
  if (given === undefined) return async () => ({});
  if (typeof given === "function") return async (c) => checkAuthorizationParams(await given(c));
  const fixed = checkAuthorizationParams(given);
  return async () => fixed;
}
