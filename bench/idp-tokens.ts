import { createHash, randomBytes } from "node:crypto";
import { CookieJar, type Credentials, signIn } from "./browser.ts";

/** What the bench needs to know about the running mock IdP. */
export interface IdpInfo {
  url: string;
  issuer: string;
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  jwksUri: string;
}

/** The token endpoint's answer (the fields the bench uses). */
export interface Tokens {
  id_token: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/**
 * Signs in at the mock IdP as a server-side web app would (authorization code with the client
 * secret and PKCE) and returns its tokens. The redirect to `redirectUri` is not followed: only
 * its code is needed, so nothing has to listen there.
 * @example const tokens = await fetchTokens(idp, "http://localhost:3000/login/cognito/authorized", user)
 */
export async function fetchTokens(
  idp: IdpInfo,
  redirectUri: string,
  credentials: Credentials,
): Promise<Tokens> {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const authorize = new URL("/oauth2/authorize", idp.url);
  authorize.search = new URLSearchParams({
    response_type: "code",
    client_id: idp.clientId,
    redirect_uri: redirectUri,
    scope: "openid email profile",
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const end = await signIn(new CookieJar(), authorize, credentials, (location) =>
    location.href.startsWith(redirectUri),
  );
  const back = end.location ? new URL(end.location, end.url) : undefined;
  const code = back?.searchParams.get("code");
  if (!code || back?.searchParams.get("state") !== state) {
    throw new Error(`sign-in at the mock IdP did not return a code (ended with ${end.status})`);
  }
  const res = await fetch(new URL("/oauth2/token", idp.url), {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${idp.clientId}:${idp.clientSecret}`).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error(`token endpoint answered ${res.status}`);
  return (await res.json()) as Tokens;
}

/**
 * The claims of a JWT, unverified: only for tokens the bench just received from its own IdP.
 * @example jwtClaims(tokens.id_token).sub
 */
export function jwtClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}
