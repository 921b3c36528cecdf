// oidc-provider ships no type declarations and @types/oidc-provider trails v9, so this declares
// the small surface the mock uses. Koa is reached only through oidc-provider's `use()`.
declare module "oidc-provider" {
  import type { IncomingMessage, Server, ServerResponse } from "node:http";

  export interface KoaCookies {
    get(name: string, options?: { signed?: boolean }): string | undefined;
    set(name: string, value: string | null, options?: Record<string, unknown>): void;
  }

  export interface KoaContext {
    req: IncomingMessage;
    res: ServerResponse;
    method: string;
    path: string;
    url: string;
    querystring: string;
    query: Record<string, string | string[] | undefined>;
    status: number;
    body: unknown;
    type: string;
    cookies: KoaCookies;
    origin: string;
    respond?: boolean;
    get(field: string): string;
    set(field: string, value: string | string[]): void;
    remove(field: string): void;
    redirect(url: string): void;
    response: { get(field: string): string | string[] | undefined };
    oidc?: OidcContext;
  }

  export type KoaNext = () => Promise<void>;
  export type KoaMiddleware = (ctx: KoaContext, next: KoaNext) => Promise<void>;

  export interface OidcContext {
    client?: { clientId: string };
    session?: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    params?: Record<string, unknown>;
    /** The parsed request body of POST endpoints. */
    body?: Record<string, unknown>;
    requestParamScopes: Set<string>;
    result?: { consent?: { grantId?: string } };
    entities: Record<string, { authTime?: number; grantId?: string } | undefined>;
    route?: string;
  }

  export interface AdapterPayload {
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: number;
    [key: string]: unknown;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface Grant {
    jti: string;
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface Interaction {
    uid: string;
    params: Record<string, unknown>;
    prompt: { name: string };
    returnTo: string;
  }

  export interface Session {
    destroy(): Promise<void>;
    accountId?: string;
  }

  export interface AccessTokenLike {
    accountId?: string;
    grantId?: string;
    clientId?: string;
    kind: string;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    issuer: string;
    proxy: boolean;
    use(middleware: KoaMiddleware): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    listen(...args: unknown[]): Server;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    AccessToken: {
      prototype: {
        getValueAndPayload(this: object): Promise<{ value: string; payload?: unknown }>;
      };
    };
    Grant: {
      new (init: { clientId: string; accountId: string }): Grant;
      find(id: string): Promise<Grant | undefined>;
    };
    Session: { get(ctx: KoaContext): Promise<Session> };
    Client: { find(id: string): Promise<unknown> };
  }
}
