import { createPublicKey, type KeyObject, randomBytes, randomUUID } from "node:crypto";
import { IncomingMessage } from "node:http";
import { CompactEncrypt, compactDecrypt, jwtVerify, SignJWT } from "jose";
import type { Adapter, AdapterPayload } from "oidc-provider";

/** Cognito's refresh-token header: a JWE whose payload is a JWT, RSA-OAEP and AES-256-GCM. */
const HEADER = { cty: "JWT", enc: "A256GCM", alg: "RSA-OAEP" } as const;

/**
 * Plaintext size that gives a token of Cognito's length (about 1.8 KB with a 2048-bit key:
 * 62 header + 342 key + 16 IV + 1334 ciphertext + 22 tag characters and four dots).
 */
const PLAINTEXT_BYTES = 1000;

/** Turns oidc-provider's opaque refresh tokens into Cognito-shaped ones and back. */
export interface RefreshTokenCodec {
  /** The JWE a client receives for oidc-provider's opaque refresh token `id`. */
  wrap(id: string, clientId: string): Promise<string>;
  /** The opaque id inside one of this mock's JWEs, or undefined for anything else. */
  unwrap(token: string): Promise<string | undefined>;
}

/**
 * Refresh tokens the way Cognito hands them out: a compact JWE (`{"cty":"JWT","enc":"A256GCM",
 * "alg":"RSA-OAEP"}`) of about 1.8 KB, opaque to clients. Inside is a JWT (HS256, the mock's own
 * secret) carrying oidc-provider's refresh token id, padded to Cognito's size. The key pair is the
 * mock's own and never published, as Cognito's is not.
 * @example const codec = refreshTokenCodec(keys.refreshToken); await codec.unwrap(await codec.wrap(id, clientId)) // id
 */
export function refreshTokenCodec(privateKey: KeyObject): RefreshTokenCodec {
  const publicKey = createPublicKey(privateKey);
  const secret = randomBytes(32);
  return {
    async wrap(id, clientId) {
      const claims = { jti: randomUUID(), rt: id, client_id: clientId, pad: "" };
      const unpadded = await sign(claims, secret);
      claims.pad = randomBytes(PLAINTEXT_BYTES).toString("base64url");
      const room = PLAINTEXT_BYTES - unpadded.length;
      claims.pad = claims.pad.slice(0, Math.max(0, Math.floor((room * 3) / 4)));
      const jwt = await sign(claims, secret);
      return new CompactEncrypt(new TextEncoder().encode(jwt))
        .setProtectedHeader(HEADER)
        .encrypt(publicKey);
    },
    async unwrap(token) {
      if (token.split(".").length !== 5) return undefined;
      try {
        const { plaintext } = await compactDecrypt(token, privateKey, {
          keyManagementAlgorithms: [HEADER.alg],
          contentEncryptionAlgorithms: [HEADER.enc],
        });
        const { payload } = await jwtVerify(new TextDecoder().decode(plaintext), secret, {
          algorithms: ["HS256"],
        });
        return typeof payload.rt === "string" ? payload.rt : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function sign(claims: Record<string, unknown>, secret: Uint8Array): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuedAt().sign(secret);
}

/** The form fields that carry a refresh token, by endpoint. */
const TOKEN_FIELDS: Record<string, string> = {
  "/oauth2/token": "refresh_token",
  "/oauth2/revoke": "token",
};
const FORM_LIMIT = 56 * 1024;

/**
 * Before oidc-provider reads a token or revoke request, swaps the JWE a client presents for the
 * opaque id oidc-provider knows (oidc-provider would refuse a structured token at revoke). A JWE
 * that is not one of this mock's becomes an id nobody has: `invalid_grant` at the token endpoint,
 * `200` at revoke, as Cognito answers. Other requests pass through untouched.
 * @example server.on("request", async (req, res) => handle(await unwrapRefreshTokens(req, codec), res))
 */
export async function unwrapRefreshTokens(
  req: IncomingMessage,
  codec: RefreshTokenCodec,
): Promise<IncomingMessage> {
  const field = TOKEN_FIELDS[(req.url ?? "").split("?")[0] as string];
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (req.method !== "POST" || !field || type !== "application/x-www-form-urlencoded") return req;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // oidc-provider refuses bodies this large; an empty body gets its invalid_request.
    if (size > FORM_LIMIT) return replay(req, Buffer.alloc(0));
    chunks.push(chunk as Buffer);
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  const presented = form.get(field);
  if (presented && presented.split(".").length === 5) {
    form.set(field, (await codec.unwrap(presented)) ?? `unknown-${randomUUID()}`);
  }
  return replay(req, Buffer.from(form.toString()));
}

/** A request like `req`, whose body is `body`. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.headers = { ...req.headers, "content-length": String(body.length) };
  copy.rawHeaders = req.rawHeaders;
  // Complete: when the copy ends, Node must not take it for an aborted request and close the socket.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

/**
 * The store adapter of oidc-provider's RefreshToken model with Cognito's grace period: with
 * rotation, a rotated (consumed) token still works for `graceSeconds` after its first use
 * (Cognito's RetryGracePeriodSeconds) and is unknown afterwards; oidc-provider would otherwise
 * revoke the whole sign-in when it sees a used token again.
 * @example adapterFor = (model) => model === "RefreshToken" ? refreshTokenAdapter(base, 0) : base
 */
export function refreshTokenAdapter(base: Adapter, graceSeconds: number): Adapter {
  return {
    ...base,
    async find(id) {
      const payload = await base.find(id);
      if (!payload || typeof payload.consumed !== "number") return payload;
      if (payload.consumed + graceSeconds > Date.now() / 1000) {
        const { consumed: _, ...retry } = payload;
        return retry as AdapterPayload;
      }
      return undefined;
    },
    async consume(id) {
      // A retry in the grace period keeps the time of the first use.
      const payload = await base.find(id);
      if (typeof payload?.consumed !== "number") await base.consume(id);
    },
  };
}
