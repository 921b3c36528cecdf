/**
 * Refresh tokens in Cognito's shape (an encrypted JWT of about 1.8 KB, opaque to clients) that
 * stay revocable and refreshable, and refresh-token rotation with its grace period.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type MockIdp, startMockIdp } from "./index.ts";
import { basicAuth, tokenRequest, tokensFor } from "./test-support.ts";

let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
});
afterAll(() => idp.stop());
afterEach(() => {
  vi.useRealTimers();
});

const refresh = (mock: MockIdp, token: string) =>
  tokenRequest(mock, { grant_type: "refresh_token", refresh_token: token });

const revoke = (mock: MockIdp, token: string) =>
  fetch(`${mock.url}/oauth2/revoke`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basicAuth(mock),
    },
    body: new URLSearchParams({ token }),
  });

describe("Cognito's refresh token shape", () => {
  it("is a compact JWE with Cognito's header, about 1.8 KB, different for every sign-in", async () => {
    const first = (await tokensFor(idp)).refresh_token as string;
    const second = (await tokensFor(idp)).refresh_token as string;
    const parts = first.split(".");
    expect(parts).toHaveLength(5);
    expect(JSON.parse(Buffer.from(parts[0] as string, "base64url").toString())).toEqual({
      cty: "JWT",
      enc: "A256GCM",
      alg: "RSA-OAEP",
    });
    // RSA-OAEP with a 2048-bit key: a 256-byte encrypted key; A256GCM: 12-byte IV, 16-byte tag.
    expect(Buffer.from(parts[1] as string, "base64url")).toHaveLength(256);
    expect(Buffer.from(parts[2] as string, "base64url")).toHaveLength(12);
    expect(Buffer.from(parts[4] as string, "base64url")).toHaveLength(16);
    expect(first.length).toBeGreaterThanOrEqual(1024);
    expect(first.length).toBeGreaterThan(1700);
    expect(first.length).toBeLessThan(1900);
    expect(first).toMatch(/^[\w.-]+$/);
    expect(second).not.toBe(first);
    // Nothing inside is readable: the ciphertext is not JSON or a JWT.
    expect(() => JSON.parse(Buffer.from(parts[3] as string, "base64url").toString())).toThrow();
  });

  it("refreshes, and is refused once revoked, changed by one character, or made up", async () => {
    const token = (await tokensFor(idp)).refresh_token as string;
    expect((await refresh(idp, token)).status).toBe(200);
    const tampered = `${token.slice(0, 500)}${token[500] === "A" ? "B" : "A"}${token.slice(501)}`;
    for (const bad of [tampered, token.split(".").slice(0, 4).join("."), "a.b.c.d.e"]) {
      const answer = await refresh(idp, bad);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toEqual({ error: "invalid_grant" });
    }
    // Revoking an unknown or tampered token is a 200, as Cognito answers.
    expect((await revoke(idp, tampered)).status).toBe(200);
    expect((await refresh(idp, token)).status).toBe(200);
    const revoked = await revoke(idp, token);
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toBe("");
    expect(await (await refresh(idp, token)).json()).toEqual({ error: "invalid_grant" });
  });
});

describe("rotation", () => {
  it("is off by default: a refresh returns no new refresh token and the first one keeps working", async () => {
    const token = (await tokensFor(idp)).refresh_token as string;
    for (let i = 0; i < 2; i++) {
      const answer = (await (await refresh(idp, token)).json()) as Record<string, unknown>;
      expect(answer).not.toHaveProperty("refresh_token");
      expect(answer.id_token).toBeTypeOf("string");
    }
  });

  it("when on, each refresh returns a new JWE; the old one works for the grace period, then not", async () => {
    const rotating = await startMockIdp({
      port: 0,
      quiet: true,
      refreshTokenRotation: { enabled: true, retryGracePeriodSeconds: 30 },
    });
    try {
      const start = Date.now();
      vi.useFakeTimers({ toFake: ["Date"], now: start });
      const first = (await tokensFor(rotating)).refresh_token as string;
      const one = (await (await refresh(rotating, first)).json()) as Record<string, string>;
      const second = one.refresh_token as string;
      expect(second.split(".")).toHaveLength(5);
      expect(second).not.toBe(first);
      expect(second.length).toBeGreaterThan(1700);

      // A retry with the old token within 30 s still works (and rotates again).
      vi.setSystemTime(start + 29_000);
      const retry = (await (await refresh(rotating, first)).json()) as Record<string, string>;
      expect(retry.refresh_token).toBeTypeOf("string");
      vi.setSystemTime(start + 31_000);
      const late = await refresh(rotating, first);
      expect(await late.json()).toEqual({ error: "invalid_grant" });

      // The new one works, once rotated it is old too; revoking the newest ends the sign-in.
      const two = (await (await refresh(rotating, second)).json()) as Record<string, string>;
      const third = two.refresh_token as string;
      expect((await revoke(rotating, third)).status).toBe(200);
      expect(await (await refresh(rotating, third)).json()).toEqual({ error: "invalid_grant" });
    } finally {
      await rotating.stop();
    }
  });

  it("with no grace period, the old token stops at once", async () => {
    const strict = await startMockIdp({
      port: 0,
      quiet: true,
      refreshTokenRotation: { enabled: true },
    });
    try {
      const first = (await tokensFor(strict)).refresh_token as string;
      expect((await refresh(strict, first)).status).toBe(200);
      expect(await (await refresh(strict, first)).json()).toEqual({ error: "invalid_grant" });
    } finally {
      await strict.stop();
    }
  });

  it("refuses a grace period outside Cognito's 0 to 60 seconds", async () => {
    await expect(
      startMockIdp({
        port: 0,
        refreshTokenRotation: { enabled: true, retryGracePeriodSeconds: 61 },
      }),
    ).rejects.toThrow('"refreshTokenRotation.retryGracePeriodSeconds"');
  });
});
