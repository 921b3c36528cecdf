import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { generateSignedCookie, getSignedCookie } from "hono/cookie";
import type { IdpInfo } from "../idp-tokens.ts";
import { ME_PATH } from "./no-auth.ts";

const COOKIE = "cdash_bench_token";

/**
 * Scenario (d): the Python setup's check. `dash-cognito-auth` keeps the access token in a signed
 * session cookie and asks the IdP's userInfo endpoint about it on every request; so does this,
 * with Node's fetch and its keep-alive pool (a kinder setting than a fresh TLS connection to
 * Cognito).
 * @example const { app, cookie } = await createUserInfoApp(idp, tokens.access_token)
 */
export async function createUserInfoApp(
  idp: IdpInfo,
  accessToken: string,
): Promise<{ app: Hono; cookie: string }> {
  const secret = randomBytes(32).toString("base64");
  const userInfoUrl = new URL("/oauth2/userInfo", idp.url);
  const app = new Hono<{ Variables: { userInfo: Record<string, unknown> } }>();
  app.use("*", async function userInfoPerRequest(c, next) {
    const token = await getSignedCookie(c, secret, COOKIE);
    if (!token) return c.json({ error: "unauthenticated" }, 401);
    const res = await fetch(userInfoUrl, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) {
      await res.body?.cancel();
      return c.json({ error: "unauthenticated" }, 401);
    }
    c.set("userInfo", (await res.json()) as Record<string, unknown>);
    return next();
  });
  app.get(ME_PATH, (c) => c.json(c.get("userInfo")));
  const setCookie = await generateSignedCookie(COOKIE, accessToken, secret);
  return { app: app as unknown as Hono, cookie: setCookie.split(";")[0] as string };
}
