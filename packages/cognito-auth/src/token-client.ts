import { CognitoAuthError } from "./errors.ts";

/** What the token endpoint returns (only what the middleware uses). */
export interface TokenSet {
  idToken: string;
  /** Absent on a refresh_token grant (Cognito does not rotate refresh tokens). */
  refreshToken: string | undefined;
}

/** The client credentials and hosted-UI base the token calls need. */
export interface TokenClientConfig {
  domain: string;
  clientId: string;
  clientSecret: string | null;
  /** Told when the token endpoint answers `invalid_client`: these settings are stale. */
  onInvalidClient?: (() => void) | undefined;
}

const TOKEN_TIMEOUT_MS = 10_000;
const REVOKE_TIMEOUT_MS = 5_000;

/**
 * Calls the hosted UI's `/oauth2/token` and `/oauth2/revoke` with client_secret_basic (or the
 * client id in the body for a public client). Tokens and secrets never appear in an error.
 * @example
 * const client = new TokenClient({ domain, clientId, clientSecret });
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
      const res = await fetch(`${this.#config.domain}/oauth2/revoke`, {
        method: "POST",
        headers: this.#headers(),
        body: this.#body({ token: refreshToken }),
        signal: AbortSignal.timeout(REVOKE_TIMEOUT_MS),
        redirect: "error",
      });
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  async #token(
    params: Record<string, string>,
    refusal: "code_rejected" | "unauthenticated",
  ): Promise<TokenSet> {
    let res: Response;
    let json: unknown;
    try {
      res = await fetch(`${this.#config.domain}/oauth2/token`, {
        method: "POST",
        headers: this.#headers(),
        body: this.#body(params),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
        redirect: "error",
      });
      json = await res.json().catch(() => undefined);
    } catch (cause) {
      throw new CognitoAuthError("idp_unavailable", { cause: describe(cause) });
    }
    const body = (typeof json === "object" && json !== null ? json : {}) as Record<string, unknown>;
    if (res.status === 400 || res.status === 401) {
      const error = typeof body.error === "string" ? body.error.slice(0, 64) : `http_${res.status}`;
      if (error === "invalid_client") this.#config.onInvalidClient?.();
      throw new CognitoAuthError(refusal, { cause: new Error(`token endpoint: ${error}`) });
    }
    if (!res.ok || typeof body.id_token !== "string") {
      throw new CognitoAuthError("idp_unavailable", {
        cause: new Error(`token endpoint: HTTP ${res.status}, no id_token`),
      });
    }
    return {
      idToken: body.id_token,
      refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
    };
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    const { clientId, clientSecret } = this.#config;
    if (clientSecret !== null) {
      headers.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    }
    return headers;
  }

  #body(params: Record<string, string>): string {
    const body = new URLSearchParams(params);
    if (this.#config.clientSecret === null) body.set("client_id", this.#config.clientId);
    return body.toString();
  }
}

/** Keep only the error's kind: a fetch error message may quote the request. */
function describe(cause: unknown): Error {
  return new Error(`token endpoint unreachable: ${cause instanceof Error ? cause.name : "error"}`);
}
