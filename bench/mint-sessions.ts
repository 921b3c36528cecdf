import type { FakeHostedUi } from "./fake-hosted-ui.ts";

/** What signing in needs of an app: Hono's `request`. */
type RequestApp = { request(input: string, init?: RequestInit): Response | Promise<Response> };

/**
 * Signs in through an app's own middleware, in process, against the fake hosted UI: the login
 * route, the hosted UI's code, the callback. Returns each session cookie as `name=value`, sealed
 * by the middleware itself (nothing about its format is assumed here).
 * @example const cookies = await mintSessions(app, idp, 3, "https://x.lambda-url.us-east-1.on.aws")
 */
export async function mintSessions(
  app: RequestApp,
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
    // A session larger than one cookie comes in numbered parts: all of them make the session.
    const session = done.headers
      .getSetCookie()
      .map((line) => line.split(";")[0] ?? "")
      .filter((pair) => /^(__Host-)?cdash_session(\.\d)?=./.test(pair))
      .join("; ");
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
  app: RequestApp,
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
