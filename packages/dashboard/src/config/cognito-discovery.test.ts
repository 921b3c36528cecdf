/**
 * Discovery against a local fake of Cognito's API (tests/infra/fake-cognito.ts: a real HTTP server
 * on port 0 speaking the AWS JSON 1.1 protocol for the three calls), with the real SDK.
 */
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type FakeClient,
  FakeCognito,
  type FakePool,
} from "../../../../tests/infra/fake-cognito.ts";
import {
  CognitoDiscoveryError,
  discoverCognito,
  discoverCognitoCached,
  resetCognitoDiscovery,
} from "./cognito-discovery.ts";
import { configFromSst } from "./from-sst.ts";

const POOL_ID = "eu-west-1_TestPool1";
const CLIENT_SECRET = "s3cr3t-client-secret-that-must-never-be-logged-0000";
const SESSION_SECRET = "a-session-secret-of-at-least-32-characters-000";

const fake = new FakeCognito();
let sdk: CognitoIdentityProviderClient;

function dashboardPool(overrides: Partial<FakePool> = {}): FakePool {
  return {
    domain: "dashboard-test-1a2b3c4d",
    clients: [
      { ClientId: "otherclient000000000000001", ClientName: "admin-cli" },
      {
        ClientId: "dashclient0000000000000001",
        ClientName: "dashboard",
        ClientSecret: CLIENT_SECRET,
        CallbackURLs: ["https://x.lambda-url.eu-west-1.on.aws/login/cognito/authorized"],
        LogoutURLs: ["https://x.lambda-url.eu-west-1.on.aws/"],
      },
    ],
    ...overrides,
  };
}

/** Every console line written during a test, to prove the secret is never among them. */
let logged: string[] = [];

beforeAll(async () => {
  await fake.start();
  sdk = new CognitoIdentityProviderClient({
    region: "eu-west-1",
    endpoint: fake.url,
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret-key" },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sdk.destroy();
  await fake.stop();
});

beforeEach(() => {
  fake.reset();
  resetCognitoDiscovery();
  logged = [];
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  expect(logged.join("\n")).not.toContain(CLIENT_SECRET);
});

describe("discoverCognito", () => {
  it("finds the client by name, its secret and URLs, and the prefix domain", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    const found = await discoverCognito({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      client: sdk,
    });
    expect(found).toEqual({
      userPoolId: POOL_ID,
      region: "eu-west-1",
      clientId: "dashclient0000000000000001",
      clientSecret: CLIENT_SECRET,
      domain: { prefix: "dashboard-test-1a2b3c4d", region: "eu-west-1" },
      callbackUrls: ["https://x.lambda-url.eu-west-1.on.aws/login/cognito/authorized"],
      logoutUrls: ["https://x.lambda-url.eu-west-1.on.aws/"],
    });
  });

  it("prefers the pool's custom domain", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ customDomain: "auth.example.com" }));
    const found = await discoverCognito({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      client: sdk,
    });
    expect(found.domain).toBe("https://auth.example.com");
  });

  it("follows ListUserPoolClients pages", async () => {
    const others = Array.from({ length: 5 }, (_, i) => ({
      ClientId: `other${i}`.padEnd(26, "0"),
      ClientName: `other-${i}`,
    }));
    fake.pools.set(POOL_ID, dashboardPool({ clients: [...others, ...dashboardPool().clients] }));
    fake.pageSize = 2;
    const found = await discoverCognito({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      client: sdk,
    });
    expect(found.clientId).toBe("dashclient0000000000000001");
    expect(fake.count("ListUserPoolClients")).toBe(4);
  });

  it("fails with a clear message when no client has the name", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ clients: [dashboardPool().clients[0] as FakeClient] }));
    const error = await discoverCognito({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      client: sdk,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoDiscoveryError);
    expect((error as CognitoDiscoveryError).code).toBe("client_not_found");
    expect((error as Error).message).toContain(`no app client named "dashboard"`);
    expect((error as Error).message).toContain(POOL_ID);
    expect(fake.count("DescribeUserPoolClient")).toBe(0);
  });

  it("refuses to guess between two clients with the same name", async () => {
    const [, dash] = dashboardPool().clients as [FakeClient, FakeClient];
    fake.pools.set(
      POOL_ID,
      dashboardPool({ clients: [dash, { ...dash, ClientId: "dashclient0000000000000002" }] }),
    );
    const error = await discoverCognito({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      client: sdk,
    }).catch((e: unknown) => e);
    expect((error as CognitoDiscoveryError).code).toBe("client_ambiguous");
  });

  it("fails when the pool has no hosted-UI domain", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ domain: undefined }));
    const error = await discoverCognito({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      client: sdk,
    }).catch((e: unknown) => e);
    expect((error as CognitoDiscoveryError).code).toBe("no_domain");
  });

  it("reports Cognito's own errors without the secret", async () => {
    const error = await discoverCognito({
      userPoolId: "eu-west-1_Missing",
      clientName: "dashboard",
      client: sdk,
    }).catch((e: unknown) => e);
    expect((error as CognitoDiscoveryError).code).toBe("aws_error");
    expect((error as Error).message).toContain("ResourceNotFoundException");
  });

  it("rejects a malformed pool id before calling AWS", async () => {
    const error = await discoverCognito({
      userPoolId: "not-a-pool",
      clientName: "dashboard",
      client: sdk,
    }).catch((e: unknown) => e);
    expect((error as CognitoDiscoveryError).code).toBe("invalid_user_pool_id");
    expect(fake.requests).toEqual([]);
  });

  it("retries throttled calls with growing backoff, then finds the client", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    fake.throttle = { ListUserPoolClients: 3, DescribeUserPool: 1 };
    const waits: number[] = [];
    const found = await discoverCognito({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      client: sdk,
      baseDelayMs: 100,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(found.clientSecret).toBe(CLIENT_SECRET);
    expect(fake.count("ListUserPoolClients")).toBe(4);
    expect(fake.count("DescribeUserPool")).toBe(2);
    // Three waits for the list, each within [ceiling/2, ceiling] of a doubling ceiling; one for
    // the pool.
    const [first, second, third] = waits;
    expect(waits).toHaveLength(4);
    expect(first).toBeGreaterThanOrEqual(50);
    expect(first).toBeLessThanOrEqual(100);
    expect(second).toBeGreaterThanOrEqual(100);
    expect(second).toBeLessThanOrEqual(200);
    expect(third).toBeGreaterThanOrEqual(200);
    expect(third).toBeLessThanOrEqual(400);
  });

  it("gives up after maxAttempts throttled attempts", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    fake.throttle = { ListUserPoolClients: 10 };
    const error = await discoverCognito({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      client: sdk,
      maxAttempts: 3,
      sleep: async () => {},
    }).catch((e: unknown) => e);
    expect((error as CognitoDiscoveryError).code).toBe("throttled");
    expect(fake.count("ListUserPoolClients")).toBe(3);
  });
});

describe("discoverCognitoCached", () => {
  it("asks Cognito once for the life of the container", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    const options = { userPoolId: POOL_ID, clientName: "dashboard", client: sdk };
    const [a, b] = await Promise.all([
      discoverCognitoCached(options),
      discoverCognitoCached(options),
    ]);
    const c = await discoverCognitoCached(options);
    expect(a).toBe(b);
    expect(c).toBe(a);
    expect(fake.requests.map((r) => r.operation).sort()).toEqual([
      "DescribeUserPool",
      "DescribeUserPoolClient",
      "ListUserPoolClients",
    ]);
  });

  it("forgets a failure, so the next invocation tries again", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ clients: [] }));
    const options = { userPoolId: POOL_ID, clientName: "dashboard", client: sdk };
    await expect(discoverCognitoCached(options)).rejects.toThrow(/no app client/);
    fake.pools.set(POOL_ID, dashboardPool());
    const found = await discoverCognitoCached(options);
    expect(found.clientId).toBe("dashclient0000000000000001");
  });
});

describe("configFromSst", () => {
  it("is undefined outside SST", async () => {
    await expect(configFromSst()).resolves.toBeUndefined();
  });

  it("turns the links and discovery into the middleware's options, once per container", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    // What the function's environment looks like once deployed (links as SST_RESOURCE_*), plus
    // the SDK's standard endpoint override pointing at the fake.
    vi.stubEnv("SST_RESOURCE_App", JSON.stringify({ name: "cognito-dashboard", stage: "test" }));
    vi.stubEnv("SST_RESOURCE_UserPool", JSON.stringify({ id: POOL_ID }));
    vi.stubEnv(
      "SST_RESOURCE_SessionSecret",
      JSON.stringify({ value: `${SESSION_SECRET}, ${SESSION_SECRET.replace("000", "111")}` }),
    );
    vi.stubEnv("USER_POOL_CLIENT_NAME", "dashboard");
    vi.stubEnv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", fake.url);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDTEST");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test-secret-key");
    try {
      const first = await configFromSst();
      const second = await configFromSst();
      expect(first).toEqual({
        domain: { prefix: "dashboard-test-1a2b3c4d", region: "eu-west-1" },
        userPoolId: POOL_ID,
        clientId: "dashclient0000000000000001",
        clientSecret: CLIENT_SECRET,
        sessionSecrets: [SESSION_SECRET, SESSION_SECRET.replace("000", "111")],
      });
      expect(second).toEqual(first);
      expect(fake.count("ListUserPoolClients")).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
