import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ResolvedOptions } from "./options.ts";
import { type MockIdpOptions, resolveOptions } from "./options.ts";
import { Outbox, type OutboxMessage } from "./outbox.ts";
import { PoolRegistry } from "./pool-registry.ts";
import type { PoolRuntime } from "./pool-runtime.ts";
import type { UserPool } from "./user-pool.ts";
import { type ApiFaults, userPoolApi } from "./user-pool-api.ts";

export type { AppClient } from "./app-client.ts";
export type { CognitoError } from "./cognito-error.ts";
export type { MockIdpOptions, ResolvedOptions } from "./options.ts";
export type { OutboxJson, OutboxMessage } from "./outbox.ts";
export type { PoolFileEntry, PoolsFile } from "./pools-file.ts";
export { PoolsFileError } from "./pools-file.ts";
export type { PoolGroup, PoolUser, UserStatus } from "./user-pool.ts";
export type { ApiFaults } from "./user-pool-api.ts";
export type { FederatedMockUser, MockUser } from "./users.ts";
export { UsersFileError } from "./users.ts";

/** One pool of a running mock. */
export interface MockPool {
  userPoolId: string;
  /** The `iss` of the pool's tokens. */
  issuer: string;
  /**
   * The pool's hosted UI (Cognito's `https://<domain>`): the mock's URL for the built-in pool,
   * `<url>/<userPoolId>` for any other.
   */
  hostedUiUrl: string;
  /** `<url>/<userPoolId>/.well-known/jwks.json`. */
  jwksUri: string;
  /** The pool's users, groups and app clients as they are now. */
  userPool: UserPool;
}

/** A running mock IdP. */
export interface MockIdp {
  /**
   * `http://localhost:<port>`: the built-in pool's hosted UI (authorize, login, token, logout…)
   * and the user-pool API's endpoint for every pool
   * (`new CognitoIdentityProviderClient({ endpoint: idp.url })`).
   */
  url: string;
  /**
   * The built-in pool's `iss`: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, or in
   * the local issuer mode `http://localhost:<port>/<userPoolId>`.
   */
  issuer: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  /** Where the built-in pool's JWKS really is: `<url>/<userPoolId>/.well-known/jwks.json`. */
  jwksUri: string;
  /** The options in effect (users, URLs, lifetimes). */
  config: ResolvedOptions;
  /** The built-in pool's users and groups as they are now (the hosted UI and the API change them). */
  userPool: UserPool;
  /** Every pool, the built-in one first (pools files and CreateUserPool add more). */
  pools(): MockPool[];
  /** A pool by id, if the mock has it. */
  pool(userPoolId: string): MockPool | undefined;
  /** The mail Cognito would have sent, oldest first (also at `/outbox` and `/outbox.json`). */
  outbox(): OutboxMessage[];
  /** Faults to inject into the user-pool API (throttling), for tests of callers' retries. */
  apiFaults: ApiFaults;
  stop(): Promise<void>;
}

/**
 * Starts the offline Cognito hosted UI and user-pool API on localhost: the built-in pool at the
 * root, and any pool of `pools`/`poolsFile` (or created later through the API) at `/<poolId>`.
 * @example
 * const idp = await startMockIdp({ port: 0, quiet: true });
 * // …point the app at idp.url, idp.clientId, idp.clientSecret…
 * await idp.stop();
 */
export async function startMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const config = resolveOptions(options);
  const server = await listen(config.port);
  const { port } = server.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  const outbox = new Outbox(config.quiet);
  const registry = new PoolRegistry(config);
  const api = userPoolApi(registry);
  registry.shared = { url, outbox, api: api.route };
  // The server listens before the pools start (their issuers name the port): a request that
  // comes meanwhile waits for them instead of getting no answer.
  const ready = (async () => {
    await registry.startBuiltIn();
    for (const declaration of config.pools) await registry.create(declaration);
  })();
  server.on("request", (req, res) => {
    ready.then(
      () => registry.route(req).handle(req, res),
      () => res.destroy(),
    );
  });
  try {
    await ready;
  } catch (error) {
    server.closeAllConnections();
    server.close();
    throw error;
  }

  const builtIn = registry.builtIn;
  let stopped: Promise<void> | undefined;
  return {
    url,
    issuer: builtIn.issuer,
    userPoolId: config.userPoolId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    jwksUri: builtIn.jwksUri,
    config,
    userPool: builtIn.userPool,
    pools: () => registry.list().map(mockPool),
    pool: (id) => {
      const runtime = registry.get(id);
      return runtime && mockPool(runtime);
    },
    outbox: () => outbox.list(),
    apiFaults: api.faults,
    stop() {
      stopped ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }).finally(() => {
        registry.clear();
        outbox.clear();
      });
      return stopped;
    },
  };
}

function mockPool(runtime: PoolRuntime): MockPool {
  return {
    userPoolId: runtime.userPool.userPoolId,
    issuer: runtime.issuer,
    hostedUiUrl: runtime.hostedUiUrl,
    jwksUri: runtime.jwksUri,
    userPool: runtime.userPool,
  };
}

/** Listens first, so that the issuer can name the port (port 0 picks a free one). */
async function listen(port: number): Promise<Server> {
  const server = createServer();
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return server;
}
