/**
 * Test infrastructure, not a mock of this package: a tiny Cognito-shaped token endpoint on a real
 * local port (0), signing ID tokens with RSA keys generated per run and serving their JWKS.
 * The real offline hosted UI is `mock-idp/`, used by the cross-package chain tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { pkceChallenge, randomToken } from "../crypto-utils.ts";
import { cognitoIssuer } from "../options.ts";

export interface TestUser {
  sub: string;
  username: string;
  email: string;
  name?: string;
  groups?: string[];
  /** Custom attributes, sent as `custom:<name>` claims. */
  custom?: Record<string, string>;
}

export const ALICE: TestUser = {
  sub: "6f1c5a2e-0000-4000-8000-00000000a11c",
  username: "alice",
  email: "alice@example.com",
  name: "Alice Admin",
  groups: ["admins", "users"],
};
export const BOB: TestUser = {
  sub: "6f1c5a2e-0000-4000-8000-000000000b0b",
  username: "bob",
  email: "bob@example.com",
  name: "Bob Demo",
  groups: ["users"],
};

interface IssuedCode {
  user: TestUser;
  nonce: string;
  challenge: string;
  redirectUri: string;
  used: boolean;
  /** JWKS requests counted when the code was issued. */
  jwksSeen: number;
}

/**
 * How an endpoint of the test IdP misbehaves: `stall` never sends headers, `trickle` sends a 200
 * and then one byte every 50 ms forever, `html` is a 200 error page from a proxy, `empty` a 200
 * `{}` (no tokens) or `{"keys": []}`, `huge` a 200 of 1 MB, `redirect` a 307 to the same
 * endpoint, which answers as if healthy (so a client that followed it would succeed), `500`/`429`
 * a refusal with a JSON body that is not an OAuth error.
 */
export type Fault = "stall" | "trickle" | "html" | "empty" | "huge" | "redirect" | "500" | "429";

export interface TestIdp {
  url: string;
  jwksUri: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  /** Seconds an ID token lives (default 3600). */
  idTokenTtlSeconds: number;
  /** Size of issued refresh tokens in characters (default 1800, like Cognito's). */
  refreshTokenLength: number;
  /** "cognito": access tokens shaped and sized like Cognito's JWTs; "opaque" (default): short. */
  accessTokenShape: "opaque" | "cognito";
  /** Refuse every refresh_token grant with `invalid_grant`. */
  refuseRefresh: boolean;
  /** Accept public-client calls (`client_id` in the body, no Basic auth) instead of the secret. */
  publicClient: boolean;
  /** Answer `/oauth2/revoke` with a 500. */
  failRevoke: boolean;
  /** Change the claims of the next ID tokens (e.g. a wrong nonce or audience). */
  tamper: ((claims: Record<string, unknown>) => void) | undefined;
  /** Hold each code exchange until the JWKS has been asked for since the code was issued (or 2 s). */
  tokenWaitsForJwks: boolean;
  /** Make an endpoint misbehave until set back to `undefined`. */
  faults: { token?: Fault; jwks?: Fault; revoke?: Fault };
  calls: { token: string[]; revoke: string[]; jwks: number };
  /**
   * Sign the next ID tokens with a new key. `published: false` keeps it out of the JWKS (a JWKS
   * served stale) until {@link publishKeys}; the JWKS always keeps the older keys too.
   */
  rotateKey(options?: { published?: boolean }): Promise<void>;
  /** Put every key in the JWKS. */
  publishKeys(): void;
  /** Play the hosted UI: check the authorize URL, "log the user in", return the callback URL. */
  authorize(authorizeUrl: string, user: TestUser): Promise<string>;
  close(): Promise<void>;
}

/** Start a test IdP on port 0. */
export async function startTestIdp(): Promise<TestIdp> {
  const userPoolId = "eu-west-1_TestPool1";
  const newKey = async (kid: string) => {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
  };
  let signing = await newKey("test-key-1");
  const keys = [signing];
  let published = 1;
  /** Token answers waiting for the next JWKS request. */
  const jwksWaiters: (() => void)[] = [];
  /** Connections held open by a fault, closed with the server. */
  const held = new Set<ServerResponse>();
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, TestUser>();

  const idp: TestIdp = {
    url: "",
    jwksUri: "",
    userPoolId,
    clientId: "testclient000000000000000a",
    clientSecret: "test-client-secret-0123456789",
    idTokenTtlSeconds: 3600,
    refreshTokenLength: 1800,
    accessTokenShape: "opaque",
    refuseRefresh: false,
    publicClient: false,
    failRevoke: false,
    tamper: undefined,
    faults: {},
    tokenWaitsForJwks: false,
    calls: { token: [], revoke: [], jwks: 0 },
    async rotateKey(options = {}) {
      signing = await newKey(`test-key-${keys.length + 1}`);
      keys.push(signing);
      if (options.published !== false) published = keys.length;
    },
    publishKeys() {
      published = keys.length;
    },
    async authorize(authorizeUrl, user) {
      const url = new URL(authorizeUrl);
      const q = url.searchParams;
      if (`${url.origin}${url.pathname}` !== `${idp.url}/oauth2/authorize`) {
        throw new Error(`not our authorize endpoint: ${url.origin}${url.pathname}`);
      }
      if (q.get("client_id") !== idp.clientId || q.get("response_type") !== "code") {
        throw new Error("authorize: bad client_id or response_type");
      }
      if (q.get("code_challenge_method") !== "S256") throw new Error("authorize: no PKCE S256");
      const code = randomToken(24);
      codes.set(code, {
        user,
        nonce: q.get("nonce") ?? "",
        challenge: q.get("code_challenge") ?? "",
        redirectUri: q.get("redirect_uri") ?? "",
        used: false,
        jwksSeen: idp.calls.jwks,
      });
      const back = new URL(q.get("redirect_uri") ?? "");
      back.search = new URLSearchParams({ code, state: q.get("state") ?? "" }).toString();
      return back.href;
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of held) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  async function idToken(user: TestUser, nonce: string | undefined): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      sub: user.sub,
      aud: idp.clientId,
      iss: cognitoIssuer(userPoolId),
      token_use: "id",
      auth_time: now,
      iat: now,
      exp: now + idp.idTokenTtlSeconds,
      "cognito:username": user.username,
      email: user.email,
      email_verified: true,
      ...(user.name ? { name: user.name } : {}),
      ...(user.groups?.length ? { "cognito:groups": user.groups } : {}),
      ...(nonce ? { nonce } : {}),
    };
    idp.tamper?.(claims);
    for (const [name, value] of Object.entries(user.custom ?? {})) claims[`custom:${name}`] = value;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: signing.jwk.kid })
      .sign(signing.privateKey);
  }

  /** Shaped like Cognito's (its claims and size, about 1 KB with a few groups). */
  async function accessToken(user: TestUser): Promise<string> {
    if (idp.accessTokenShape === "opaque") return `opaque-access-token-${randomToken(8)}`;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      sub: user.sub,
      ...(user.groups?.length ? { "cognito:groups": user.groups } : {}),
      iss: cognitoIssuer(userPoolId),
      client_id: idp.clientId,
      origin_jti: crypto.randomUUID(),
      event_id: crypto.randomUUID(),
      token_use: "access",
      scope: "openid profile email",
      auth_time: now,
      exp: now + idp.idTokenTtlSeconds,
      iat: now,
      jti: crypto.randomUUID(),
      username: user.username,
    })
      .setProtectedHeader({ alg: "RS256", kid: signing.jwk.kid })
      .sign(signing.privateKey);
  }

  async function token(form: URLSearchParams): Promise<[number, object]> {
    const grant = form.get("grant_type") ?? "";
    idp.calls.token.push(grant);
    if (grant === "authorization_code") {
      const issued = codes.get(form.get("code") ?? "");
      const verifier = form.get("code_verifier") ?? "";
      if (!issued || issued.used || issued.redirectUri !== form.get("redirect_uri")) {
        return [400, { error: "invalid_grant" }];
      }
      issued.used = true;
      if ((await pkceChallenge(verifier)) !== issued.challenge) {
        return [400, { error: "invalid_grant" }];
      }
      const refreshToken = randomToken(Math.ceil((idp.refreshTokenLength * 3) / 4)).slice(
        0,
        idp.refreshTokenLength,
      );
      refreshTokens.set(refreshToken, issued.user);
      return [
        200,
        {
          id_token: await idToken(issued.user, issued.nonce),
          access_token: await accessToken(issued.user),
          refresh_token: refreshToken,
          token_type: "Bearer",
          expires_in: idp.idTokenTtlSeconds,
        },
      ];
    }
    if (grant === "refresh_token") {
      const user = refreshTokens.get(form.get("refresh_token") ?? "");
      if (!user || idp.refuseRefresh) return [400, { error: "invalid_grant" }];
      const body = {
        id_token: await idToken(user, undefined),
        access_token: await accessToken(user),
      };
      return [200, { ...body, token_type: "Bearer", expires_in: idp.idTokenTtlSeconds }];
    }
    return [400, { error: "unsupported_grant_type" }];
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: "server_error" }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname;
    // The target of the `redirect` fault answers as a healthy IdP would, so following it would show.
    const faults: TestIdp["faults"] = url.searchParams.has("redirected") ? {} : idp.faults;
    if (req.method === "GET" && path === `/${userPoolId}/.well-known/jwks.json`) {
      idp.calls.jwks++;
      for (const wake of jwksWaiters.splice(0)) wake();
      if (misbehave(req, res, faults.jwks, { keys: [] })) return;
      return send(res, 200, { keys: keys.slice(0, published).map((k) => k.jwk) });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const expected = `Basic ${Buffer.from(`${idp.clientId}:${idp.clientSecret}`).toString("base64")}`;
    const authenticated = idp.publicClient
      ? req.headers.authorization === undefined && form.get("client_id") === idp.clientId
      : req.headers.authorization === expected;
    if (!authenticated) return send(res, 401, { error: "invalid_client" });
    if (req.method === "POST" && path === "/oauth2/token") {
      if (misbehave(req, res, faults.token, {})) return;
      // Wait for a JWKS request made since the code was issued (before or during this call).
      const issued = codes.get(form.get("code") ?? "");
      if (idp.tokenWaitsForJwks && issued && idp.calls.jwks === issued.jwksSeen) {
        await new Promise<void>((wake) => {
          jwksWaiters.push(wake);
          setTimeout(wake, 2_000).unref();
        });
      }
      const [status, body] = await token(form);
      return send(res, status, body);
    }
    if (req.method === "POST" && path === "/oauth2/revoke") {
      idp.calls.revoke.push(form.get("token") ?? "");
      if (misbehave(req, res, faults.revoke, {})) return;
      if (idp.failRevoke) return send(res, 500, { error: "server_error" });
      refreshTokens.delete(form.get("token") ?? "");
      return send(res, 200, {});
    }
    return send(res, 404, { error: "not_found" });
  }
  /** Answer as `fault` says; `false` when there is no fault. */
  function misbehave(
    req: IncomingMessage,
    res: ServerResponse,
    fault: Fault | undefined,
    empty: object,
  ): boolean {
    if (fault === undefined) return false;
    if (fault === "stall" || fault === "trickle") {
      held.add(res);
      res.on("close", () => held.delete(res));
      if (fault === "stall") return true;
      res.writeHead(200, { "content-type": "application/json" });
      res.write("{");
      const timer = setInterval(() => res.write(" "), 50);
      res.on("close", () => clearInterval(timer));
      return true;
    }
    if (fault === "html") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>502 Bad Gateway</title><h1>Bad Gateway</h1>");
    } else if (fault === "huge") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(`{"pad":"${"x".repeat(1024 * 1024)}"}`);
    } else if (fault === "redirect") {
      // 307: a client that follows it sends the same method and body again.
      res.writeHead(307, { location: `${req.url ?? "/"}?redirected` });
      res.end();
    } else if (fault === "empty") {
      send(res, 200, empty);
    } else {
      send(res, Number(fault), { message: fault === "429" ? "Rate exceeded" : "Internal error" });
    }
    return true;
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  idp.url = `http://127.0.0.1:${port}`;
  idp.jwksUri = `${idp.url}/${userPoolId}/.well-known/jwks.json`;
  return idp;
}

function send(res: ServerResponse, status: number, body: object) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
