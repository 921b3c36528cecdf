import { Hono } from "hono";

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
 * Scenario (a'), the floor of any cookie auth: one `async` middleware that reads the Cookie header
 * (`c.req.header("cookie")`) and checks only that it is there. On @hono/node-server, reading a
 * header costs a lookup in Node's parsed headers and a check of the value's characters.
 * @example createCookieReadingApp().request("/api/me", { headers: { cookie: "cdash_session=x" } }) // 200
 */
export function createCookieReadingApp(): Hono {
  const app = new Hono();
  app.use(async function readsCookie(c, next) {
    if (c.req.header("cookie") === undefined) return c.json({ error: "unauthenticated" }, 401);
    await next();
    return undefined;
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
