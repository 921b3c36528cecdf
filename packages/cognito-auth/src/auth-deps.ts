import type { CognitoUser } from "./cognito-user.ts";
import type { IdTokenVerifier } from "./id-token-verifier.ts";
import type { ResolvedCommonOptions, ResolvedOptions } from "./options.ts";
import type { Renewals } from "./renewals.ts";
import type { Sealer } from "./sealer.ts";
import type { Rechecks } from "./session-recheck.ts";
import type { TokenClient } from "./token-client.ts";

/** What the route handlers share: created once per `cognitoAuth()` call, never per request. */
export interface AuthDeps {
  options: ResolvedCommonOptions;
  sealer: Sealer;
  /** The sessions' re-checks with Cognito (see session-recheck.ts). */
  rechecks: Rechecks;
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

/** What the middleware gives a request with a session: `c.get("auth")`. */
export interface CognitoAuth {
  user: CognitoUser;
  /** The session's CSRF token, for the `_csrf` field of a logout form. */
  csrfToken: string;
  /**
   * The user's access token, for calling an API on their behalf; renewed with the refresh token
   * first when it has expired or is about to (the renewed session cookie goes with the response).
   * Rejects with an `HTTPException` (cause `CognitoAuthError`) when it cannot be renewed.
   */
  accessToken(): Promise<string>;
}

/** The context variables of `cognitoAuth()`: `auth` is always there after it (Hono's `JwtVariables` pattern). */
export type CognitoAuthVariables = { auth: CognitoAuth };

/** The context variables of `cognitoAuth({ required: false })`: `auth` when signed in. */
export type OptionalCognitoAuthVariables = { auth?: CognitoAuth };
