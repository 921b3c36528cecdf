import { CALLBACK_PATH, LOGIN_PATH, SIGNED_OUT_PATH } from "@cognito-dashboard/local-dev";
import { describe, expect, it } from "vitest";
import { createApp } from "./app.tsx";
import { PRODUCT_NAME } from "./pages/layout.tsx";
import { mockAuthOptions } from "./testing/mock-auth-options.ts";

const app = createApp({
  auth: mockAuthOptions("unit-test-session-secret-0123456789abcdef"),
  source: "mock",
});

const ORIGIN = "http://localhost:3000";
const page = (path: string, headers: Record<string, string> = {}) =>
  app.request(`${ORIGIN}${path}`, { headers: { accept: "text/html", ...headers } });
const api = (path: string, headers: Record<string, string> = {}) =>
  app.request(`${ORIGIN}${path}`, { headers: { accept: "application/json", ...headers } });

describe("the dashboard without a session", () => {
  it("answers /healthz without login", async () => {
    const res = await api("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it('says "you are signed out" where the hosted UI\'s logout comes back, without a login', async () => {
    const res = await page(SIGNED_OUT_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const body = await res.text();
    expect(body).toContain("You are signed out");
    expect(body).toContain(`href="${LOGIN_PATH}"`);
    expect(body).not.toContain("Log out");
  });

  it("sends a page request to the login route, remembering the deep link", async () => {
    const res = await page("/admin?tab=users");
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(new URL(location, ORIGIN).pathname).toBe(LOGIN_PATH);
  });

  it("protects unknown paths too (no 404 page before login)", async () => {
    const res = await page("/no/such/page");
    expect(res.status).toBe(302);
  });

  it("keeps the middleware's 401 JSON for API callers", async () => {
    const res = await api("/api/me");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("restyles a refused callback as a branded page with a way to sign in again", async () => {
    const res = await page(
      `${CALLBACK_PATH}?error=access_denied&error_description=${encodeURIComponent("<script>x</script>")}`,
    );
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain(PRODUCT_NAME);
    expect(body).toContain(`href="${LOGIN_PATH}"`);
    expect(body).toContain("Sign in again");
    expect(body).not.toContain("<script>x</script>");
    expect(body).not.toMatch(/\n\s+at /);
  });

  it("keeps the callback refusal as JSON for API callers", async () => {
    const res = await api(`${CALLBACK_PATH}?state=forged&code=abc`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await res.json()) as { error: string }).toHaveProperty("error");
  });

  it("sets no-store and a strict Content-Security-Policy on what it serves", async () => {
    for (const res of [await page("/"), await page(CALLBACK_PATH), await api("/healthz")]) {
      expect(res.headers.get("cache-control")).toContain("no-store");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
  });

  it.each([
    "/?%",
    "/?a=%ZZ&&&=",
    `${CALLBACK_PATH}?code=&state=`,
    `${CALLBACK_PATH}?code=a&code=b&state=x&state=y`,
    `${LOGIN_PATH}?return_to=%E0%A4%A`,
    `/%2F%2Fevil.example/`,
    `/${"x".repeat(4000)}`,
  ])("gives no 5xx for junk: %s", async (path) => {
    expect((await page(path)).status).toBeLessThan(500);
    expect((await api(path)).status).toBeLessThan(500);
  });

  it("gives no 5xx for garbage session cookies", async () => {
    for (const cookie of [
      "cdash_session=garbage",
      "cdash_session=",
      `cdash_session=${"A".repeat(3000)}`,
      "cdash_session=a.b.c.d.e",
      "cdash_tx_x=%%%; cdash_session=\u00ff",
    ]) {
      expect((await page("/", { cookie })).status).toBe(302);
      expect((await api("/api/me", { cookie })).status).toBe(401);
    }
  });
});
