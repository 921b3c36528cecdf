/** An app client of a pool, as the hosted UI, the token endpoint and the API see it. */
export interface AppClient {
  clientId: string;
  clientName: string;
  /** Absent for a public client (no secret: PKCE or nothing, as Cognito allows). */
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  /** Whether the client may use the hosted UI's code flow (`AllowedOAuthFlowsUserPoolClient`). */
  oauth: boolean;
  /** The OAuth scopes the client allows (`AllowedOAuthScopes`). */
  scopes: string[];
  /** `COGNITO` and the federated providers the client offers. */
  identityProviders: string[];
  idTokenTtl: number;
  accessTokenTtl: number;
  refreshTokenTtl: number;
  refreshTokenRotation: { enabled: boolean; retryGracePeriodSeconds: number };
  /** Milliseconds since the epoch. */
  createdAt: number;
  modifiedAt: number;
}

/**
 * The client as oidc-provider's metadata, or undefined for a client without the hosted UI's code
 * flow (no callback URL): oidc-provider then answers `invalid_client`, as Cognito refuses such a
 * client on authorize.
 */
export function clientMetadata(client: AppClient): Record<string, unknown> | undefined {
  if (!client.oauth || client.callbackUrls.length === 0) return undefined;
  return {
    client_id: client.clientId,
    ...(client.clientSecret
      ? { client_secret: client.clientSecret, token_endpoint_auth_method: "client_secret_basic" }
      : { token_endpoint_auth_method: "none" }),
    client_name: client.clientName,
    redirect_uris: client.callbackUrls,
    post_logout_redirect_uris: client.logoutUrls,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    id_token_signed_response_alg: "RS256",
  };
}

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A random client id (26 characters, as Cognito's) or secret (51 characters).
 * @example randomId(26) // "k3v…"
 */
export function randomId(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
}

/** The scopes an app client may allow (no resource servers in the mock). */
export const CLIENT_SCOPES = [
  "openid",
  "email",
  "phone",
  "profile",
  "aws.cognito.signin.user.admin",
];

/**
 * A new app client with Cognito's defaults: token lifetimes of 1 hour (ID, access) and 30 days
 * (refresh), no rotation, only the pool's own users.
 * @example newClient({ clientName: "web", callbackUrls: ["http://localhost:3000/cb"] })
 */
export function newClient(input: {
  clientName: string;
  clientId?: string;
  clientSecret?: string;
  callbackUrls?: string[];
  logoutUrls?: string[];
  scopes?: string[];
  idTokenTtl?: number;
  accessTokenTtl?: number;
  refreshTokenTtl?: number;
  oauth?: boolean;
}): AppClient {
  const now = Date.now();
  return {
    clientId: input.clientId ?? randomId(26),
    clientName: input.clientName,
    ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
    callbackUrls: input.callbackUrls ?? [],
    logoutUrls: input.logoutUrls ?? [],
    oauth: input.oauth ?? (input.callbackUrls ?? []).length > 0,
    scopes: input.scopes ?? ["openid", "email", "phone", "profile"],
    identityProviders: ["COGNITO"],
    idTokenTtl: input.idTokenTtl ?? 3600,
    accessTokenTtl: input.accessTokenTtl ?? 3600,
    refreshTokenTtl: input.refreshTokenTtl ?? 30 * 86_400,
    refreshTokenRotation: { enabled: false, retryGracePeriodSeconds: 0 },
    createdAt: now,
    modifiedAt: now,
  };
}
