import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { cognitoIssuer, mockJwksUri } from "@cognito-dashboard/local-dev";
import type { KoaContext, KoaNext } from "oidc-provider";
import { accessTokenVerifier } from "./access-token.ts";
import { cognitoResponses } from "./cognito-responses.ts";
import { discoveryRoutes } from "./discovery.ts";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import { generateKeys, publicJwks } from "./keys.ts";
import { loginRoute } from "./login.ts";
import { logoutRoute } from "./logout.ts";
import { loopbackHostOnly } from "./loopback-host.ts";
import { type MockIdpOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { homePage } from "./pages.ts";
import { createProvider, MAX_PENDING_SIGN_INS, SIGN_IN_TTL } from "./provider.ts";
import { signInTabs } from "./sign-in-tabs.ts";
import { userInfoRoute } from "./userinfo.ts";

export type { MockIdpOptions } from "./options.ts";
export type { MockUser } from "./users.ts";
export { UsersFileError } from "./users.ts";

/** A running mock IdP. */
export interface MockIdp {
  /** `http://localhost:<port>`: the hosted UI's domain (authorize, login, token, logout…). */
  url: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, the `iss` of every token. */
  issuer: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  /** Where the JWKS really is: `<url>/<userPoolId>/.well-known/jwks.json`. */
  jwksUri: string;
  /** The options in effect (users, URLs, lifetimes). */
  config: ResolvedOptions;
  stop(): Promise<void>;
}

/**
 * Starts the offline Cognito hosted UI on localhost.
 * @example
 * const idp = await startMockIdp({ port: 0, quiet: true });
 * // …point the app at idp.url, idp.clientId, idp.clientSecret…
 * await idp.stop();
 */
export async function startMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const config = resolveOptions(options);
  const keys = await generateKeys();
  const issuer = cognitoIssuer(config.userPoolId);
  const jwks = publicJwks(keys);
  const tabs = signInTabs(keys.cookieKeys, SIGN_IN_TTL, MAX_PENDING_SIGN_INS);
  const mock = createProvider(config, keys, tabs);
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
  provider.use(cognitoResponses((ctx) => grantErrors.get(ctx)));
  provider.use(discoveryRoutes(config.userPoolId, issuer, jwks));
  provider.use(userInfoRoute(mock, accessTokenVerifier(accessJwk, issuer)));
  provider.use(logoutRoute(mock, config));
  provider.use(loginRoute(mock, config.users, keys.cookieKeys, tabs));

  const server: Server = provider.listen(config.port, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  let stopped: Promise<void> | undefined;
  return {
    url,
    issuer,
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    jwksUri: mockJwksUri(url, config.userPoolId),
    config,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).finally(() => mock.clear());
      return stopped;
    },
  };
}
