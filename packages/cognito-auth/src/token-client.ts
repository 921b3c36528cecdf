import { CognitoAuthError } from "./errors.ts";
import { callIdp, unavailable } from "./idp-call.ts";

/** What the token endpoint returns (only what the middleware uses). */
export interface TokenSet {
  idToken: string;
  /** Absent on a refresh_token grant (Cognito does not rotate refresh tokens). */
  refreshToken: string | undefined;
  /** For calling APIs on the user's behalf; absent only from a non-conforming IdP. */
  accessToken: string | undefined;
  /** The access token's lifetime in seconds (`expires_in`), when given. */
  expiresIn: number | undefined;
}

/** The client credentials and hosted-UI base the token calls need. */
export interface TokenClientConfig {
  domain: string;
  clientId: string;
  clientSecret: string | null;
  /** Deadline of each call, whole exchange included (ms). */
  idpTimeoutMs: number;
  /** Told when the token endpoint answers `invalid_client`: these settings are stale. */
  onInvalidClient?: (() => void) | undefined;
}

/**
 * Calls the hosted UI's `/oauth2/token` and `/oauth2/revoke` with client_secret_basic (or the
 * client id in the body for a public client), through {@link callIdp}: bounded in time and size.
 * Tokens and secrets never appear in an error.
 * @example
 * const client = new TokenClient({ domain, clientId, clientSecret, idpTimeoutMs: 5_000 });
 * const tokens = await client.exchangeCode({ code, codeVerifier, redirectUri });
 */
export class TokenClient {
  readonly #config: TokenClientConfig;

  constructor(config: TokenClientConfig) {
    this.#config = config;
  }

  /** `authorization_code` grant with PKCE; `code_rejected` when the IdP refuses the code. */
  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }) {
    return this.#token(
      {
        grant_type: "authorization_code",
        code: input.code,
        code_verifier: input.codeVerifier,
        redirect_uri: input.redirectUri,
      },
      "code_rejected",
    );
  }

  /** `refresh_token` grant; `unauthenticated` when the IdP refuses the refresh token. */
  refresh(refreshToken: string) {
    return this.#token(
      { grant_type: "refresh_token", refresh_token: refreshToken },
      "unauthenticated",
    );
  }

  /** Best effort: `true` when the IdP confirmed, `false` on any failure (never throws). */
  async revoke(refreshToken: string): Promise<boolean> {
    try {
      const answer = await callIdp(
        "revocation endpoint",
        `${this.#config.domain}/oauth2/revoke`,
        { method: "POST", headers: this.#headers(), body: this.#body({ token: refreshToken }) },
        this.#config.idpTimeoutMs,
      );
      return answer.status === 200;
    } catch {
      return false;
    }
  }

  async #token(
    params: Record<string, string>,
    refusal: "code_rejected" | "unauthenticated",
  ): Promise<TokenSet> {
    const { status, json } = await callIdp(
      "token endpoint",
      `${this.#config.domain}/oauth2/token`,
      { method: "POST", headers: this.#headers(), body: this.#body(params) },
      this.#config.idpTimeoutMs,
    );
    const body = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
    // A refusal is Cognito's JSON `{"error": "invalid_grant"}` with 400 (or 401 for the client).
    // Anything else (an HTML page from a proxy, a 429, a 5xx) is the IdP's trouble, not the
    // user's: it must not end a session.
    if ((status === 400 || status === 401) && typeof body.error === "string") {
      const error = body.error.slice(0, 64);
      if (error === "invalid_client") this.#config.onInvalidClient?.();
      throw new CognitoAuthError(refusal, { cause: new Error(`token endpoint: ${error}`) });
    }
    if (status !== 200 || typeof body.id_token !== "string") {
      const what = json === undefined ? "not JSON" : "no id_token";
      throw unavailable(`token endpoint: HTTP ${status}, ${what}`);
    }
    return {
      idToken: body.id_token,
      refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
      accessToken: typeof body.access_token === "string" ? body.access_token : undefined,
      expiresIn:
        typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : undefined,
    };
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    const { clientId, clientSecret } = this.#config;
    if (clientSecret !== null) {
      // RFC 6749, 2.3.1: form-encoded, then Basic. Cognito's ids and secrets are ASCII.
      headers.authorization = `Basic ${btoa(`${clientId}:${clientSecret}`)}`;
    }
    return headers;
  }

  #body(params: Record<string, string>): string {
    const body = new URLSearchParams(params);
    if (this.#config.clientSecret === null) body.set("client_id", this.#config.clientId);
    return body.toString();
  }
}
