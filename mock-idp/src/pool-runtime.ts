import type { IncomingMessage, ServerResponse } from "node:http";
import { cognitoIssuer, mockJwksUri } from "@cognito-dashboard/local-dev";
import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import { accessTokenVerifier } from "./access-token.ts";
import { clientMetadata } from "./app-client.ts";
import { challengeSessions } from "./challenge-session.ts";
import { cognitoResponses } from "./cognito-responses.ts";
import { discoveryRoutes } from "./discovery.ts";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import { generateKeys, publicJwks } from "./keys.ts";
import { loginRoute } from "./login.ts";
import { logoutRoute } from "./logout.ts";
import { loopbackHostOnly } from "./loopback-host.ts";
import type { ResolvedOptions } from "./options.ts";
import { type Outbox, outboxRoutes } from "./outbox.ts";
import { homePage } from "./pages.ts";
import { createProvider, MAX_PENDING_SIGN_INS, SIGN_IN_TTL } from "./provider.ts";
import { refreshTokenCodec, unwrapRefreshTokens } from "./refresh-tokens.ts";
import { signInTabs } from "./sign-in-tabs.ts";
import type { UserPool } from "./user-pool.ts";
import { userInfoRoute } from "./userinfo.ts";

/** One pool of the mock, running: its hosted UI, OAuth2 endpoints, keys and tokens. */
export interface PoolRuntime {
  userPool: UserPool;
  /** The `iss` of the pool's tokens. */
  issuer: string;
  /** Where its hosted UI is on the mock's origin: "" for the built-in pool, else "/<poolId>". */
  base: string;
  /** `<mock url><base>`: the pool's hosted UI (Cognito's `https://<domain>`). */
  hostedUiUrl: string;
  /** `<mock url>/<poolId>/.well-known/jwks.json`. */
  jwksUri: string;
  /** Answers a request already addressed to this pool (its `base` taken off the URL). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Forgets every session, code and token. */
  clear(): void;
}

/** What every pool of one mock shares. */
export interface SharedParts {
  url: string;
  outbox: Outbox;
  /** The user-pool API (one endpoint for every pool, as AWS's regional endpoint). */
  api: KoaMiddleware;
}

/**
 * Starts one pool: new keys, an oidc-provider instance with Cognito's behaviour, and the mock's
 * own routes (sign-in, logout, userInfo, discovery). The built-in pool answers at the mock's root;
 * another at `/<poolId>`, with its own cookie names, since every pool shares localhost's cookies.
 * @example const runtime = await startPool(pool, config, shared, { builtIn: true })
 */
export async function startPool(
  pool: UserPool,
  config: ResolvedOptions,
  shared: SharedParts,
  { builtIn }: { builtIn: boolean },
): Promise<PoolRuntime> {
  const { url } = shared;
  const userPoolId = pool.userPoolId;
  const base = builtIn ? "" : `/${userPoolId}`;
  const cookiePrefix = builtIn ? "mockidp_" : `mockidp_${userPoolId}_`;
  const keys = await generateKeys();
  const issuer = config.issuer === "local" ? `${url}/${userPoolId}` : cognitoIssuer(userPoolId);
  const jwks = publicJwks(keys);
  const tabs = signInTabs(keys.cookieKeys, SIGN_IN_TTL, MAX_PENDING_SIGN_INS, {
    cookiePrefix,
    base,
  });
  const refreshTokens = refreshTokenCodec(keys.refreshToken);
  const mock = createProvider({ options: config, issuer, keys, tabs, pool, base, cookiePrefix });
  pool.onRevoke = (sub, keepSession) => mock.revokeUser(sub, keepSession);
  const { provider } = mock;
  const accessJwk = jwks.keys.find((k) => k.kid === keys.accessToken.kid);
  if (!accessJwk) throw new Error("mock-idp: access token key missing from the JWKS");

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
    const started = `${ctx.method} ${base}${ctx.path}`;
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
    if (builtIn && ctx.path === "/" && ctx.method === "GET" && ctx.status === 404) {
      ctx.status = 200;
      ctx.type = "html";
      ctx.body = homePage({ ...config, issuer });
    } else if (ctx.status === 404 && !ctx.body) {
      sendErrorPage(
        ctx,
        GENERIC_ERROR,
        `There is no page at ${base}${ctx.path} on this mock.`,
        404,
      );
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
  if (builtIn) provider.use(shared.api);
  provider.use(outboxRoutes(shared.outbox));
  // The clients the hosted UI knows: those with the code flow (others are API-only).
  const clientOf = (clientId: unknown) => {
    const client = pool.findClient(clientId);
    return client && clientMetadata(client) ? client : undefined;
  };
  provider.use(cognitoResponses(clientOf, (ctx) => grantErrors.get(ctx), refreshTokens));
  provider.use(discoveryRoutes(userPoolId, issuer, jwks, base));
  provider.use(userInfoRoute(mock, pool, accessTokenVerifier(accessJwk, issuer)));
  provider.use(logoutRoute(mock, clientOf, { base, cookiePrefix }));
  provider.use(
    loginRoute({
      mock,
      pool,
      config,
      cookieKeys: keys.cookieKeys,
      tabs,
      challenges: challengeSessions(keys.cookieKeys[0] as string),
      base,
      cookiePrefix,
    }),
  );
  const handler = provider.callback();

  return {
    userPool: pool,
    issuer,
    base,
    hostedUiUrl: `${url}${base}`,
    jwksUri: mockJwksUri(url, userPoolId),
    handle(req, res) {
      unwrapRefreshTokens(req, refreshTokens).then(
        (request) => handler(request, res),
        (error: Error) => {
          console.error(
            `mock-idp: ${req.method} ${req.url?.split("?")[0]} failed: ${error.message}`,
          );
          if (!res.headersSent) res.writeHead(400, { "content-type": "application/json" });
          res.end('{"error":"invalid_request"}');
        },
      );
    },
    clear: () => mock.clear(),
  };
}
