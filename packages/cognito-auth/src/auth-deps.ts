import type { IdTokenVerifier } from "./id-token-verifier.ts";
import type { ResolvedCommonOptions, ResolvedOptions } from "./options.ts";
import type { Renewals } from "./renewals.ts";
import type { Sealer } from "./sealer.ts";
import type { TokenClient } from "./token-client.ts";

/** What the route handlers share: created once per `cognitoAuth()` call, never per request. */
export interface AuthDeps {
  options: ResolvedCommonOptions;
  sealer: Sealer;
  /** What needs the app client's settings; only the routes that talk to the IdP wait for it. */
  client(): Promise<ClientDeps>;
}

/** Created once per app client settings (once, unless they are supplied lazily and change). */
export interface ClientDeps {
  options: ResolvedOptions;
  verifier: IdTokenVerifier;
  tokens: TokenClient;
  renewals: Renewals;
}

/** The signed-in user, as `c.get("user")` gives it. */
export interface CognitoUser {
  sub: string;
  username: string;
  email: string;
  name: string;
  groups: string[];
  /** When the session ends at the latest (epoch ms). */
  sessionExpiresAt: number;
}
