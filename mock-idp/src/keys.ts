import {
  generateKeyPair,
  type KeyObject,
  type JsonWebKey as NodeJwk,
  randomBytes,
} from "node:crypto";
import { promisify } from "node:util";

const generateRsa = promisify(generateKeyPair);

/** A private RSA JWK as oidc-provider's `jwks` option takes it. */
export type PrivateJwk = NodeJwk & { kid: string; alg: "RS256"; use: "sig" };

/** A public JWK as Cognito publishes it: alg, e, kid, kty, n, use. */
export interface PublicJwk {
  alg: "RS256";
  e: string;
  kid: string;
  kty: "RSA";
  n: string;
  use: "sig";
}

/** The keys of one run of the mock. Nothing is written to disk. */
export interface MockKeys {
  /** Signs ID tokens; listed first, because oidc-provider signs ID tokens with the first key. */
  idToken: PrivateJwk;
  /** Signs access tokens, chosen by kid in the resource server's settings. */
  accessToken: PrivateJwk;
  /** Decrypts refresh tokens (RSA-OAEP); never published, as Cognito's is not. */
  refreshToken: KeyObject;
  /** Keygrip keys that sign the mock's cookies. */
  cookieKeys: string[];
}

/**
 * Generates two RSA-2048 signing keys (as Cognito, ID and access tokens use different kids), an
 * RSA-2048 key for refresh tokens and a cookie key. New keys each start: tokens of a previous run no longer verify, like after a key
 * rotation.
 * @example const keys = await generateKeys(); keys.idToken.kid !== keys.accessToken.kid // true
 */
export async function generateKeys(): Promise<MockKeys> {
  const [id, access, refresh] = await Promise.all([
    generateRsa("rsa", { modulusLength: 2048 }),
    generateRsa("rsa", { modulusLength: 2048 }),
    generateRsa("rsa", { modulusLength: 2048 }),
  ]);
  const stamp = randomBytes(6).toString("base64url");
  const toJwk = (pair: typeof id, purpose: string): PrivateJwk => ({
    ...pair.privateKey.export({ format: "jwk" }),
    kid: `mock-${purpose}-${stamp}`,
    alg: "RS256",
    use: "sig",
  });
  return {
    idToken: toJwk(id, "id"),
    accessToken: toJwk(access, "access"),
    refreshToken: refresh.privateKey,
    cookieKeys: [randomBytes(32).toString("base64url")],
  };
}

/**
 * The public half of the keys, in Cognito's JWKS shape.
 * @example publicJwks(keys).keys.map((k) => k.kid)
 */
export function publicJwks(keys: MockKeys): { keys: PublicJwk[] } {
  return {
    keys: [keys.idToken, keys.accessToken].map((jwk) => ({
      alg: "RS256",
      e: jwk.e as string,
      kid: jwk.kid,
      kty: "RSA",
      n: jwk.n as string,
      use: "sig",
    })),
  };
}
