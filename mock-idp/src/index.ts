import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cognitoIssuer, mockJwksUri } from "@cognito-dashboard/local-dev";
import type { KoaContext, KoaNext } from "oidc-provider";
import { accessTokenVerifier } from "./access-token.ts";
import { challengeSessions } from "./challenge-session.ts";
import { cognitoResponses } from "./cognito-responses.ts";
import { discoveryRoutes } from "./discovery.ts";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import { generateKeys, publicJwks } from "./keys.ts";
import { loginRoute } from "./login.ts";
import { logoutRoute } from "./logout.ts";
import { loopbackHostOnly } from "./loopback-host.ts";
import { type MockIdpOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { Outbox, type OutboxMessage, outboxRoutes } from "./outbox.ts";
import { homePage } from "./pages.ts";
import { createProvider, MAX_PENDING_SIGN_INS, SIGN_IN_TTL } from "./provider.ts";
import { refreshTokenCodec, unwrapRefreshTokens } from "./refresh-tokens.ts";
import { signInTabs } from "./sign-in-tabs.ts";
import { UserPool } from "./user-pool.ts";
import { type ApiFaults, userPoolApi } from "./user-pool-api.ts";
import { userInfoRoute } from "./userinfo.ts";

export type { CognitoError } from "./cognito-error.ts";
export type { MockIdpOptions, ResolvedOptions } from "./options.ts";
export type { OutboxJson, OutboxMessage } from "./outbox.ts";
export type { PoolGroup, PoolUser, UserStatus } from "./user-pool.ts";
export type { ApiFaults } from "./user-pool-api.ts";
export type { FederatedMockUser, MockUser } from "./users.ts";
export { UsersFileError } from "./users.ts";

/** A running mock IdP. */
export interface MockIdp {
  /**
   * `http://localhost:<port>`: the hosted UI's domain (authorize, login, token, logout…) and the
   * user-pool API's endpoint (`new CognitoIdentityProviderClient({ endpoint: idp.url })`).
   */
  url: string;
  /**
   * The `iss` of every token: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, or in the
   * local issuer mode `http://localhost:<port>/<userPoolId>`.
   */
  issuer: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  /** Where the JWKS really is: `<url>/<userPoolId>/.well-known/jwks.json`. */
  jwksUri: string;
  /** The options in effect (users, URLs, lifetimes). */
  config: ResolvedOptions;
  /** The users and groups as they are now (the hosted UI and the user-pool API change them). */
  userPool: UserPool;
  /** The mail Cognito would have sent, oldest first (also at `/outbox` and `/outbox.json`). */
  outbox(): OutboxMessage[];
  /** Faults to inject into the user-pool API (throttling), for tests of callers' retries. */
  apiFaults: ApiFaults;
  stop(): Promise<void>;
}

/**
 * Starts the offline Cognito hosted UI and user-pool API on localhost.
 * @example
 * const idp = await startMockIdp({ port: 0, quiet: true });
 * // …point the app at idp.url, idp.clientId, idp.clientSecret…
 * await idp.stop();
 */
export async function startMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const config = resolveOptions(options);
  const keys = await generateKeys();
  const server = await listen(config.port);
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  const issuer =
    config.issuer === "local" ? `${url}/${config.userPoolId}` : cognitoIssuer(config.userPoolId);
  const jwks = publicJwks(keys);
  const tabs = signInTabs(keys.cookieKeys, SIGN_IN_TTL, MAX_PENDING_SIGN_INS);
  const outbox = new Outbox(config.quiet);
  const pool = new UserPool([...config.users, ...config.federatedUsers], {
    userPoolId: config.userPoolId,
    outbox,
    federatedProvider: config.federation?.providerName,
  });
  const refreshTokens = refreshTokenCodec(keys.refreshToken);
  const mock = createProvider({ options: config, issuer, keys, tabs, pool });
  pool.onRevoke = (sub, keepSession) => mock.revokeUser(sub, keepSession);
  const { provider } = mock;
  const accessJwk = jwks.keys.find((k) => k.kid === keys.accessToken.kid);
  if (!accessJwk) throw new Error("mock-idp: access token key missing from the JWKS");
  const api = userPoolApi(pool, config);

  // oidc-provider keeps the reason of a failed grant out of its answer; the shaping needs it.
  const grantErrors = new WeakMap<object, string>();
  provider.on("grant.error", (ctx, error) => {
    const detail = (error as { error_detail?: unknown }).error_detail;
    if (typeof detail === "string") grantErrors.set(ctx as object, detail);
  });
  provider.on("server_error", (_ctx, error) => {
    // The message only: it never holds a token, while a request dump could.
    console.error(`mock-idp: server error: ${(error as Error).message}`);
  });

  provider.use(async function guard(ctx: KoaContext, next: KoaNext): Promise<void> {
    const started = `${ctx.method} ${ctx.path}`;
    try {
      await next();
    } catch (error) {
      console.error(`mock-idp: ${started} failed: ${(error as Error).message}`);
      sendErrorPage(
        ctx,
        GENERIC_ERROR,
        "The mock IdP failed on this request; see its console.",
        500,
      );
    }
    if (ctx.path === "/" && ctx.method === "GET" && ctx.status === 404) {
      ctx.status = 200;
      ctx.type = "html";
      ctx.body = homePage({ ...config, issuer });
    } else if (ctx.status === 404 && !ctx.body) {
      sendErrorPage(ctx, GENERIC_ERROR, `There is no page at ${ctx.path} on this mock.`, 404);
    }
    // Like Cognito's hosted UI, no page of the mock can be framed (clickjacking of the sign-in).
    if (String(ctx.response.get("content-type") ?? "").startsWith("text/html")) {
      ctx.set("x-frame-options", "DENY");
      ctx.set("x-content-type-options", "nosniff");
    }
    // Path only: query strings carry codes and states.
    if (!config.quiet) console.log(`mock-idp: ${started} -> ${ctx.status}`);
  });
  provider.use(loopbackHostOnly());
  provider.use(api.route);
  provider.use(outboxRoutes(outbox));
  provider.use(
    cognitoResponses(
      config,
      (ctx) => grantErrors.get(ctx),
      refreshTokens,
      config.refreshTokenRotation.enabled,
    ),
  );
  provider.use(discoveryRoutes(config.userPoolId, issuer, jwks));
  provider.use(userInfoRoute(mock, pool, accessTokenVerifier(accessJwk, issuer)));
  provider.use(logoutRoute(mock, config));
  provider.use(
    loginRoute({
      mock,
      pool,
      config,
      cookieKeys: keys.cookieKeys,
      tabs,
      challenges: challengeSessions(keys.cookieKeys[0] as string),
    }),
  );
  const handle = provider.callback();
  server.on("request", (req, res) => {
    unwrapRefreshTokens(req, refreshTokens).then(
      (request) => handle(request, res),
      (error: Error) => {
        console.error(`mock-idp: ${req.method} ${req.url?.split("?")[0]} failed: ${error.message}`);
        if (!res.headersSent) res.writeHead(400, { "content-type": "application/json" });
        res.end('{"error":"invalid_request"}');
      },
    );
  });

  let stopped: Promise<void> | undefined;
  return {
    url,
    issuer,
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    jwksUri: mockJwksUri(url, config.userPoolId),
    config,
    userPool: pool,
    outbox: () => outbox.list(),
    apiFaults: api.faults,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).finally(() => {
        mock.clear();
        outbox.clear();
      });
      return stopped;
    },
  };
}

/** Listens first, so that the issuer can name the port (port 0 picks a free one). */
async function listen(port: number): Promise<Server> {
  const server = createServer();
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return server;
}
