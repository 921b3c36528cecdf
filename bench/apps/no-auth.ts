import { Hono } from "hono";

/** The route every request-overhead scenario serves, with or without auth in front. */
export const ME_PATH = "/api/me";

/**
 * Scenario (a), the limit: the same JSON route with no auth at all. It answers a fixed user of
 * the same shape as the middleware's, so the response bodies are the same size.
 * @example createNoAuthApp().request("/api/me") // 200 {"sub":…}
 */
export function createNoAuthApp(): Hono {
  const user = {
    sub: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
    username: "0b8f8e4a-2f1c-4c1e-9d55-6a1f0c3b2a10",
    email: "demo@example.com",
    name: "Demo User",
    groups: [],
    sessionExpiresAt: Date.now() + 8 * 3600_000,
  };
  const app = new Hono();
  app.get(ME_PATH, (c) => c.json(user));
  return app;
}
