import type { IncomingMessage } from "node:http";
import { APP_CLIENT_NAME } from "@cognito-dashboard/local-dev";
import type { AppClient } from "./app-client.ts";
import { CognitoError } from "./cognito-error.ts";
import type { ResolvedOptions } from "./options.ts";
import { type PoolRuntime, type SharedParts, startPool } from "./pool-runtime.ts";
import type { PoolDeclaration } from "./pools-file.ts";
import { UserPool } from "./user-pool.ts";

/**
 * The pools of one mock: the built-in one (this repository's, at the mock's root) and any
 * declared in a pools file or created through the API (each at `/<poolId>`).
 * @example const pools = new PoolRegistry(config, shared); await pools.startBuiltIn()
 */
export class PoolRegistry {
  readonly #pools = new Map<string, PoolRuntime>();
  readonly #config: ResolvedOptions;
  #shared: SharedParts | undefined;
  #builtIn: PoolRuntime | undefined;

  constructor(config: ResolvedOptions) {
    this.#config = config;
  }

  /** The parts every pool shares; set once the server listens (the URL names its port). */
  set shared(shared: SharedParts) {
    this.#shared = shared;
  }

  get builtIn(): PoolRuntime {
    if (!this.#builtIn) throw new Error("mock-idp: the built-in pool has not started");
    return this.#builtIn;
  }

  /** Starts this repository's pool, with every behaviour the mock has always had. */
  async startBuiltIn(): Promise<PoolRuntime> {
    const config = this.#config;
    const pool = new UserPool([...config.users, ...config.federatedUsers], {
      userPoolId: config.userPoolId,
      outbox: this.#sharedParts().outbox,
      federatedProvider: config.federation?.providerName,
      // Protected, so that DeleteUserPool cannot take the mock's root away.
      deletionProtection: "ACTIVE",
      domain: "mock-idp-local",
    });
    pool.addClient(builtInClient(config));
    this.#builtIn = await startPool(pool, config, this.#sharedParts(), { builtIn: true });
    this.#pools.set(pool.userPoolId, this.#builtIn);
    return this.#builtIn;
  }

  /** Starts another pool (a pools file's, or CreateUserPool's). */
  async create(declaration: PoolDeclaration): Promise<PoolRuntime> {
    if (this.#pools.has(declaration.userPoolId)) {
      throw new CognitoError(
        "InvalidParameterException",
        `User pool ${declaration.userPoolId} already exists.`,
      );
    }
    const pool = new UserPool(declaration.users, {
      userPoolId: declaration.userPoolId,
      name: declaration.name,
      outbox: this.#sharedParts().outbox,
      groups: declaration.groups,
      customAttributes: declaration.customAttributes,
      deletionProtection: declaration.deletionProtection,
    });
    for (const client of declaration.clients) pool.addClient(client);
    // Pool-level settings are the built-in pool's (issuer mode, session lifetime, logging); a
    // declared pool has no federated provider.
    const config: ResolvedOptions = {
      ...this.#config,
      userPoolId: declaration.userPoolId,
      users: declaration.users,
      federatedUsers: [],
      federation: null,
    };
    const runtime = await startPool(pool, config, this.#sharedParts(), { builtIn: false });
    this.#pools.set(pool.userPoolId, runtime);
    return runtime;
  }

  get(userPoolId: string): PoolRuntime | undefined {
    return this.#pools.get(userPoolId);
  }

  list(): PoolRuntime[] {
    return [...this.#pools.values()];
  }

  /** DeleteUserPool: the pool, its hosted UI, sessions and tokens are gone. */
  delete(userPoolId: string): void {
    const runtime = this.#pools.get(userPoolId);
    if (!runtime) return;
    runtime.clear();
    this.#pools.delete(userPoolId);
  }

  /**
   * The pool a request is for: `/<poolId>/…` of a pool other than the built-in one goes to that
   * pool, with the prefix taken off its URL (kept as `originalUrl`, from which oidc-provider
   * builds its own URLs); anything else goes to the built-in pool.
   */
  route(req: IncomingMessage): PoolRuntime {
    const url = req.url ?? "/";
    const match = /^\/([^/?#]+)(\/[^?#]*)?(\?.*)?$/.exec(url);
    const runtime = match ? this.#pools.get(match[1] as string) : undefined;
    if (!runtime || runtime === this.#builtIn || !match) return this.builtIn;
    (req as { originalUrl?: string }).originalUrl = url;
    req.url = `${match[2] ?? "/"}${match[3] ?? ""}`;
    return runtime;
  }

  clear(): void {
    for (const runtime of this.#pools.values()) runtime.clear();
  }

  #sharedParts(): SharedParts {
    if (!this.#shared) throw new Error("mock-idp: the pools' shared parts are not set");
    return this.#shared;
  }
}

/**
 * The built-in pool's app client, mirroring the one the SST stack creates.
 * @example builtInClient(resolveOptions({})).clientId // MOCK_IDP.clientId
 */
function builtInClient(config: ResolvedOptions, now = Date.now()): AppClient {
  return {
    clientId: config.clientId,
    clientName: APP_CLIENT_NAME,
    clientSecret: config.clientSecret,
    callbackUrls: config.callbackUrls,
    logoutUrls: config.logoutUrls,
    oauth: true,
    scopes: config.scopes,
    identityProviders: ["COGNITO", ...(config.federation ? [config.federation.providerName] : [])],
    idTokenTtl: config.idTokenTtl,
    accessTokenTtl: config.accessTokenTtl,
    refreshTokenTtl: config.refreshTokenTtl,
    refreshTokenRotation: config.refreshTokenRotation,
    createdAt: now,
    modifiedAt: now,
  };
}
