import type { ClientSettings, LazyCognitoAuthOptions } from "@cognito-dashboard/cognito-auth";
import { MOCK_IDP } from "@cognito-dashboard/local-dev";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "./app.tsx";
import { CognitoDiscoveryError } from "./config/discovery-error.ts";
import { FAILURE_MEMORY_MS, SIGN_IN_HEALTH_PATH } from "./sign-in-health.ts";
import { mockAuthOptions, TEST_IDP } from "./testing/mock-auth-options.ts";

const SECRET = "unit-test-session-secret-0123456789abcdef";
const SETTINGS: ClientSettings = {
  domain: TEST_IDP,
  clientId: MOCK_IDP.clientId,
  clientSecret: "the-client-secret-never-shown",
};

/** The dashboard with deployed-style lazy settings from `lookUp`. */
function deployedApp(lookUp: () => Promise<ClientSettings>) {
  let calls = 0;
  const { domain: _d, clientId: _c, clientSecret: _s, ...common } = mockAuthOptions(SECRET);
  const auth: LazyCognitoAuthOptions = {
    ...common,
    clientBinding: MOCK_IDP.clientId,
    clientSettings: () => {
      calls++;
      return lookUp();
    },
  };
  const app = createApp({ auth, source: "sst" });
  const get = () =>
    app.request(`https://example.lambda-url.eu-west-1.on.aws${SIGN_IN_HEALTH_PATH}`);
  return { get, calls: () => calls };
}

const T0 = new Date("2026-01-01T00:00:00Z").getTime();
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe("GET /healthz/sign-in", () => {
  it("is ok without a session when the settings are static (environment, mock)", async () => {
    const app = createApp({ auth: mockAuthOptions(SECRET), source: "mock" });
    const res = await app.request(`http://localhost:3000${SIGN_IN_HEALTH_PATH}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("cache-control")).toContain("no-store");
  });

  it("is ok once the lookup succeeds, and says nothing of what it found", async () => {
    const app = deployedApp(async () => SETTINGS);
    const res = await app.get();
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ status: "ok" });
    for (const value of Object.values(SETTINGS)) expect(body).not.toContain(String(value));
  });

  it("answers a refusal by IAM as access_denied, with no message, pool or client", async () => {
    const refused = new CognitoDiscoveryError(
      "aws_error",
      `Cognito DescribeUserPoolClient failed: AccessDeniedException: User is not authorized on ${MOCK_IDP.userPoolId}`,
      { awsType: "AccessDeniedException" },
    );
    const app = deployedApp(() => Promise.reject(refused));
    const res = await app.get();
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(FAILURE_MEMORY_MS / 1000));
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ status: "failing", code: "access_denied" });
    expect(body).not.toContain(MOCK_IDP.userPoolId);
  });

  it("keeps each discovery code (a client the pool does not have)", async () => {
    const app = deployedApp(() =>
      Promise.reject(new CognitoDiscoveryError("client_not_found", "no app client named x")),
    );
    expect(await (await app.get()).json()).toEqual({ status: "failing", code: "client_not_found" });
  });

  it("refuses settings the middleware would refuse", async () => {
    const app = deployedApp(async () => ({ ...SETTINGS, domain: "not a url" }));
    expect(await (await app.get()).json()).toEqual({
      status: "failing",
      code: "invalid_client_settings",
    });
  });

  it("asks Cognito at most once per FAILURE_MEMORY_MS after a failure, and once for concurrent callers", async () => {
    const app = deployedApp(() =>
      Promise.reject(new CognitoDiscoveryError("unavailable", "no answer")),
    );
    const first = await Promise.all([app.get(), app.get(), app.get()]);
    expect(first.map((res) => res.status)).toEqual([503, 503, 503]);
    expect(app.calls()).toBe(1);
    vi.setSystemTime(T0 + FAILURE_MEMORY_MS - 1);
    expect((await app.get()).status).toBe(503);
    expect(app.calls()).toBe(1);
    vi.setSystemTime(T0 + FAILURE_MEMORY_MS);
    expect((await app.get()).status).toBe(503);
    expect(app.calls()).toBe(2);
  });

  it("recovers as soon as a lookup after the memory succeeds", async () => {
    let fail = true;
    const app = deployedApp(() =>
      fail
        ? Promise.reject(new CognitoDiscoveryError("throttled", "slow down"))
        : Promise.resolve(SETTINGS),
    );
    expect((await app.get()).status).toBe(503);
    fail = false;
    vi.setSystemTime(T0 + FAILURE_MEMORY_MS);
    expect((await app.get()).status).toBe(200);
  });
});
