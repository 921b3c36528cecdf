/**
 * The parts of a Cognito hosted UI a sign-in's back channel uses, for the benchmarks that need
 * control the mock IdP does not give: a latency on every answer (a TLS round trip within a
 * region), refresh tokens of a chosen size (Cognito's are about 1,800 characters), and a log of
 * when each request arrived and was answered (to see whether two calls overlapped).
 *
 * `authorize()` plays the browser's visit to the hosted UI (no form: the code is issued at once);
 * `/oauth2/token` answers the authorization_code grant (PKCE S256 checked, client secret checked)
 * with ID tokens and Cognito-shaped access tokens signed by a key made for this run, and
 * `/<pool>/.well-known/jwks.json` serves it.
 * @example const idp = await startFakeHostedUi({ latencyMs: 25 }); const callback = idp.authorize(location);
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { cognitoIssuer } from "@cognito-dashboard/local-dev";
import { exportJWK, generateKeyPair, SignJWT } from "jose";

export interface FakeHostedUiOptions {
  userPoolId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Milliseconds before every answer. Default 0. */
  latencyMs?: number;
  /** Characters in each refresh token. Default 1,800 (Cognito's are about that). */
  refreshTokenLength?: number;
}

export interface FakeHostedUi {
  url: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  jwksUri: string;
  latencyMs: number;
  refreshTokenLength: number;
  /** Every request: path, when it arrived and when it was answered (`performance.timeOrigin` ms). */
  log: { path: string; receivedAt: number; answeredAt: number }[];
  /** Issues a code for an authorize URL; returns the callback URL with `code` and `state`. */
  authorize(authorizeUrl: string): string;
  close(): Promise<void>;
}

interface Issued {
  nonce: string;
  challenge: string;
  redirectUri: string;
}

const USER = {
  sub: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
  email: "bench@example.com",
  name: "Bench User",
};

/** Starts the fake on a free loopback port. */
export async function startFakeHostedUi(options: FakeHostedUiOptions = {}): Promise<FakeHostedUi> {
  const userPoolId = options.userPoolId ?? "us-east-1_BenchPool1";
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "bench-key", alg: "RS256", use: "sig" };
  const codes = new Map<string, Issued>();

  const server = createServer((req, res) => {
    const receivedAt = performance.timeOrigin + performance.now();
    handle(req).then(([status, body]) => {
      setTimeout(() => {
        const path = new URL(req.url ?? "/", "http://x").pathname;
        fake.log.push({ path, receivedAt, answeredAt: performance.timeOrigin + performance.now() });
        send(res, status, body);
      }, fake.latencyMs);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeHostedUi = {
    url,
    userPoolId,
    clientId: options.clientId ?? "benchclient000000000000001",
    clientSecret: options.clientSecret ?? "bench-client-secret-answered-by-the-fake",
    jwksUri: `${url}/${userPoolId}/.well-known/jwks.json`,
    latencyMs: options.latencyMs ?? 0,
    refreshTokenLength: options.refreshTokenLength ?? 1800,
    log: [],
    authorize(authorizeUrl) {
      const q = new URL(authorizeUrl).searchParams;
      if (q.get("client_id") !== fake.clientId) throw new Error("authorize: unknown client_id");
      const code = randomBytes(24).toString("base64url");
      codes.set(code, {
        nonce: q.get("nonce") ?? "",
        challenge: q.get("code_challenge") ?? "",
        redirectUri: q.get("redirect_uri") ?? "",
      });
      const back = new URL(q.get("redirect_uri") ?? "");
      back.search = new URLSearchParams({ code, state: q.get("state") ?? "" }).toString();
      return back.href;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  async function handle(req: IncomingMessage): Promise<[number, object]> {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method === "GET" && path === `/${userPoolId}/.well-known/jwks.json`) {
      return [200, { keys: [jwk] }];
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || path !== "/oauth2/token") return [404, { error: "not_found" }];
    const basic = `Basic ${Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString("base64")}`;
    if (req.headers.authorization !== basic) return [401, { error: "invalid_client" }];
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const issued = codes.get(form.get("code") ?? "");
    codes.delete(form.get("code") ?? "");
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      form.get("grant_type") !== "authorization_code" ||
      !issued ||
      issued.redirectUri !== form.get("redirect_uri") ||
      issued.challenge !== challenge
    ) {
      return [400, { error: "invalid_grant" }];
    }
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({
      ...USER,
      "cognito:username": USER.sub,
      email_verified: true,
      token_use: "id",
      auth_time: now,
      nonce: issued.nonce,
    })
      .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
      .setIssuer(cognitoIssuer(userPoolId))
      .setAudience(fake.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
    // Shaped like Cognito's, and so sized like it: an RS256 JWT with its claims.
    const accessToken = await cognitoAccessToken(
      { sub: USER.sub, userPoolId, clientId: fake.clientId, now },
      { privateKey, kid: jwk.kid },
    );
    return [
      200,
      {
        id_token: idToken,
        access_token: accessToken,
        refresh_token: randomBytes(fake.refreshTokenLength)
          .toString("base64url")
          .slice(0, fake.refreshTokenLength),
        token_type: "Bearer",
        expires_in: 3600,
      },
    ];
  }

  return fake;
}

/**
 * An access token shaped like Cognito's (its claims, two groups, an RS256 signature), and so about
 * its size: what a session that keeps the access token holds.
 * @example await cognitoAccessToken({ sub, userPoolId, clientId, now }, { privateKey, kid: "k1" })
 */
export function cognitoAccessToken(
  claims: { sub: string; userPoolId: string; clientId: string; now: number },
  key: { privateKey: CryptoKey; kid: string },
): Promise<string> {
  const { sub, userPoolId, clientId, now } = claims;
  return new SignJWT({
    sub,
    "cognito:groups": ["admins", "users"],
    iss: cognitoIssuer(userPoolId),
    client_id: clientId,
    origin_jti: randomUUID(),
    event_id: randomUUID(),
    token_use: "access",
    scope: "openid profile email",
    auth_time: now,
    exp: now + 3600,
    iat: now,
    jti: randomUUID(),
    username: sub,
  })
    .setProtectedHeader({ alg: "RS256", kid: key.kid })
    .sign(key.privateKey);
}

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
