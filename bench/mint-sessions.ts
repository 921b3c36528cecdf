import type { Hono } from "hono";
import type { FakeHostedUi } from "./fake-hosted-ui.ts";

/**
 * Signs in through an app's own middleware, in process, against the fake hosted UI: the login
 * route, the hosted UI's code, the callback. Returns each session cookie as `name=value`, sealed
 * by the middleware itself (nothing about its format is assumed here).
 * @example const cookies = await mintSessions(app, idp, 3, "https://x.lambda-url.us-east-1.on.aws")
 */
export async function mintSessions(
  app: Hono,
  idp: FakeHostedUi,
  count: number,
  origin: string,
): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const attempt = await startSignIn(app, idp, origin);
    const done = await app.request(attempt.callbackUrl, {
      headers: { accept: "text/html", cookie: attempt.cookie },
    });
    const session = done.headers
      .getSetCookie()
      .map((line) => line.split(";")[0] ?? "")
      .find((pair) => /^(__Host-)?cdash_session=./.test(pair));
    if (done.status !== 302 || !session) {
      throw new Error(`a sign-in ended with ${done.status} and no session cookie`);
    }
    cookies.push(session);
  }
  return cookies;
}

/**
 * A sign-in up to the hosted UI's answer: the callback URL (with a fresh code) and the login
 * attempt's cookie, ready for the callback request, in process or in another one.
 * @example const { callbackUrl, cookie } = await startSignIn(app, idp, origin)
 */
export async function startSignIn(
  app: Hono,
  idp: FakeHostedUi,
  origin: string,
): Promise<{ callbackUrl: string; cookie: string }> {
  const login = await app.request(`${origin}/login/cognito`, { headers: { accept: "text/html" } });
  const location = login.headers.get("location");
  if (login.status !== 302 || !location) throw new Error(`the login answered ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .filter((pair) => !pair.endsWith("="))
    .join("; ");
  return { callbackUrl: idp.authorize(location), cookie };
}
