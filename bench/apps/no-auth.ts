import { Hono } from "hono";
import { getCookie } from "hono/cookie";

/** The route every request-overhead scenario serves, with or without auth in front. */
export const ME_PATH = "/api/me";

/**
 * Scenario (a), the limit: the same JSON route with no auth at all. It answers a fixed user of
 * the same shape as the middleware's, so the response bodies are the same size.
 * @example createNoAuthApp().request("/api/me") // 200 {"sub":…}
 */
export function createNoAuthApp(): Hono {
  const app = new Hono();
  app.get(ME_PATH, (c) => c.json(FIXED_USER));
  return app;
}

/**
 * Scenario (a'), for calibration: reads the session cookie and only checks it is there: what any
 * cookie-based check pays before its own work (on @hono/node-server, the first header read builds
 * a Fetch `Headers` from Node's raw headers, which (a) never needs; then the cookie is parsed).
 * @example createCookieOnlyApp().request("/api/me", { headers: { cookie: "cdash_session=x" } }) // 200
 */
export function createCookieOnlyApp(): Hono {
  const app = new Hono();
  app.use(async function cookiePresent(c, next) {
    if (!getCookie(c, "cdash_session")) return c.json({ error: "unauthenticated" }, 401);
    return next();
  });
  app.get(ME_PATH, (c) => c.json(FIXED_USER));
  return app;
}

/**
 * Scenario (e), the floor of any middleware: one empty `async` middleware in front of the same
 * route. What Hono's middleware chain itself costs per request on this stack; a session check
 * cannot be cheaper than this.
 * @example createEmptyMiddlewareApp().request("/api/me") // 200
 */
export function createEmptyMiddlewareApp(): Hono {
  const app = new Hono();
  app.use(async function nothing(_c, next) {
    await next();
  });
  app.get(ME_PATH, (c) => c.json(FIXED_USER));
  return app;
}

const FIXED_USER = {
  sub: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
  username: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
  email: "demo@example.com",
  name: "Demo User",
  groups: [],
  sessionExpiresAt: Date.now() + 8 * 3600_000,
};
