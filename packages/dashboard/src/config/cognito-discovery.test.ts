/**
 * The app client's settings from Cognito, against a local fake of its API (tests/infra/
 * fake-cognito.ts: a real HTTP server on port 0 speaking AWS JSON 1.1), through the real signer.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import { AwsClient } from "aws4fetch";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type FakeClient,
  FakeCognito,
  type FakePool,
} from "../../../../tests/infra/fake-cognito.ts";
import { type CognitoApiOptions, cognitoApi } from "./cognito-api.ts";
import { CognitoDiscoveryError, clientSettingsProvider } from "./cognito-discovery.ts";
import { configFromSst } from "./from-sst.ts";

const POOL_ID = "eu-west-1_TestPool1";
const CLIENT_SECRET = "s3cr3t-client-secret-that-must-never-be-logged-0000";
const NEW_SECRET = "s3cr3t-of-the-replacement-client-never-logged-1111";
const SESSION_SECRET = "a-session-secret-of-at-least-32-characters-000";
const DASH_ID = "dashclient0000000000000001";
const HOSTED_UI = "https://dashboard-test-1a2b3c4d.auth.eu-west-1.amazoncognito.com";
const CREDENTIALS = { AWS_ACCESS_KEY_ID: "AKIDTEST", AWS_SECRET_ACCESS_KEY: "test-secret-key" };

const fake = new FakeCognito();

const dashClient = (id = DASH_ID, secret = CLIENT_SECRET): FakeClient => ({
  ClientId: id,
  ClientName: "dashboard",
  ClientSecret: secret,
  CallbackURLs: ["https://x.lambda-url.eu-west-1.on.aws/login/cognito/authorized"],
});

function dashboardPool(overrides: Partial<FakePool> = {}): FakePool {
  return {
    domain: "dashboard-test-1a2b3c4d",
    clients: [{ ClientId: "otherclient000000000000001", ClientName: "admin-cli" }, dashClient()],
    ...overrides,
  };
}

/** Waits recorded instead of slept. */
let waits: number[] = [];
function api(overrides: Partial<CognitoApiOptions> = {}) {
  return cognitoApi({
    region: "eu-west-1",
    endpoint: fake.url,
    env: CREDENTIALS,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
}

/** Every console line written during a test, to prove the secrets are never among them. */
let logged: string[] = [];

beforeAll(() => fake.start());
afterAll(() => fake.stop());

beforeEach(() => {
  fake.reset();
  waits = [];
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
  expect(logged.join("\n")).not.toContain(NEW_SECRET);
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as CognitoDiscoveryError,
  );

describe("with the client id and domain the deploy handed over", () => {
  it("asks only for the secret: one DescribeUserPoolClient, no name lookup", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    const provider = clientSettingsProvider({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      clientId: DASH_ID,
      domain: HOSTED_UI,
      api: api(),
    });
    expect(await provider()).toEqual({
      domain: HOSTED_UI,
      clientId: DASH_ID,
      clientSecret: CLIENT_SECRET,
    });
    expect(fake.counts()).toEqual({ DescribeUserPoolClient: 1 });
  });

  it("falls back to the name when Cognito no longer knows that id (the client was replaced)", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ clients: [dashClient("newclient0000000000000002")] }));
    const provider = clientSettingsProvider({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      clientId: DASH_ID,
      domain: HOSTED_UI,
      api: api(),
    });
    expect((await provider()).clientId).toBe("newclient0000000000000002");
    expect(fake.requests.map((r) => r.operation)).toEqual([
      "DescribeUserPoolClient",
      "ListUserPoolClients",
      "DescribeUserPoolClient",
    ]);
  });
});

describe("by name", () => {
  const byName = (overrides = {}) =>
    clientSettingsProvider({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      api: api(),
      ...overrides,
    });

  it("finds the client, its secret and the prefix domain", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    expect(await byName()()).toEqual({
      domain: { prefix: "dashboard-test-1a2b3c4d", region: "eu-west-1" },
      clientId: DASH_ID,
      clientSecret: CLIENT_SECRET,
    });
    expect(fake.counts()).toEqual({
      ListUserPoolClients: 1,
      DescribeUserPoolClient: 1,
      DescribeUserPool: 1,
    });
  });

  it("prefers the pool's custom domain", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ customDomain: "auth.example.com" }));
    expect((await byName()()).domain).toBe("https://auth.example.com");
  });

  it("follows ListUserPoolClients pages", async () => {
    const others = Array.from({ length: 5 }, (_, i) => ({
      ClientId: `other${i}`.padEnd(26, "0"),
      ClientName: `other-${i}`,
    }));
    fake.pools.set(POOL_ID, dashboardPool({ clients: [...others, dashClient()] }));
    fake.pageSize = 2;
    expect((await byName()()).clientId).toBe(DASH_ID);
    expect(fake.count("ListUserPoolClients")).toBe(3);
  });

  it("says what to do when no client has the name", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ clients: [] }));
    const error = await failure(byName()());
    expect(error).toBeInstanceOf(CognitoDiscoveryError);
    expect(error.code).toBe("client_not_found");
    expect(error.message).toContain(`no app client named "dashboard"`);
    expect(error.message).toContain(POOL_ID);
    expect(fake.count("DescribeUserPoolClient")).toBe(0);
  });

  it("refuses to guess between two clients of one name, naming both", async () => {
    fake.pools.set(
      POOL_ID,
      dashboardPool({ clients: [dashClient(), dashClient("dashclient0000000000000002")] }),
    );
    const error = await failure(byName()());
    expect(error.code).toBe("client_ambiguous");
    expect(error.message).toContain(DASH_ID);
    expect(error.message).toContain("dashclient0000000000000002");
    expect(fake.count("DescribeUserPoolClient")).toBe(0);
  });

  it("fails when the pool has no hosted-UI domain", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ domain: undefined }));
    expect((await failure(byName()())).code).toBe("no_domain");
  });

  it("rejects a malformed pool id before calling AWS", () => {
    expect(() => clientSettingsProvider({ userPoolId: "not-a-pool", clientName: "x" })).toThrow(
      CognitoDiscoveryError,
    );
    expect(fake.requests).toEqual([]);
  });
});

describe("retries", () => {
  const provider = (options: Partial<CognitoApiOptions> = {}) =>
    clientSettingsProvider({ userPoolId: POOL_ID, clientName: "dashboard", api: api(options) });

  it("retries throttled calls with growing, jittered waits, then finds the client", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    fake.throttle = { ListUserPoolClients: 3 };
    expect((await provider({ baseDelayMs: 100 })()).clientSecret).toBe(CLIENT_SECRET);
    expect(fake.count("ListUserPoolClients")).toBe(4);
    // Each wait within [ceiling/2, ceiling] of a doubling ceiling.
    expect(waits).toHaveLength(3);
    const [first, second, third] = waits as [number, number, number];
    expect(first).toBeGreaterThanOrEqual(50);
    expect(first).toBeLessThanOrEqual(100);
    expect(second).toBeGreaterThanOrEqual(100);
    expect(second).toBeLessThanOrEqual(200);
    expect(third).toBeGreaterThanOrEqual(200);
    expect(third).toBeLessThanOrEqual(400);
  });

  it("retries a 500 from Cognito", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    fake.failures = { DescribeUserPoolClient: 2, DescribeUserPool: 1 };
    expect((await provider()()).clientId).toBe(DASH_ID);
    expect(fake.count("DescribeUserPoolClient")).toBe(3);
    expect(fake.count("DescribeUserPool")).toBe(2);
  });

  it("gives up after maxAttempts, saying whether it was throttling or failures", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    fake.throttle = { ListUserPoolClients: 10 };
    const throttled = await failure(provider({ maxAttempts: 3 })());
    expect(throttled.code).toBe("throttled");
    expect(fake.count("ListUserPoolClients")).toBe(3);
    fake.reset();
    fake.pools.set(POOL_ID, dashboardPool());
    fake.failures = { ListUserPoolClients: 10 };
    const failing = await failure(provider({ maxAttempts: 2 })());
    expect(failing.code).toBe("unavailable");
    expect(failing.message).toContain("HTTP 500");
  });

  it("retries when nothing answers, within the call's deadline", async () => {
    const closed = new FakeCognito();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    const unreachable = cognitoApi({
      region: "eu-west-1",
      endpoint: url,
      env: CREDENTIALS,
      maxAttempts: 3,
      sleep: async () => {},
    });
    const error = await failure(unreachable("DescribeUserPool", { UserPoolId: POOL_ID }));
    expect(error.code).toBe("unavailable");
    expect(error.message).toContain("no answer");
  });

  it("stops at the deadline over the whole exchange, answer or not", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    fake.latencyMs = 300;
    const slow = cognitoApi({
      region: "eu-west-1",
      endpoint: fake.url,
      env: CREDENTIALS,
      attemptTimeoutMs: 100,
      deadlineMs: 250,
      maxAttempts: 10,
      sleep: async () => {},
    });
    const started = Date.now();
    const error = await failure(slow("DescribeUserPool", { UserPoolId: POOL_ID }));
    expect(error.code).toBe("unavailable");
    // Not 10 attempts of 100 ms: the deadline ended it (with a loaded machine's slack).
    expect(fake.count("DescribeUserPool")).toBeLessThanOrEqual(3);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("bounds the body too: an answer whose headers come and whose body trickles is no answer", async () => {
    const trickle = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.write("{");
      const drip = setInterval(() => res.write(" "), 20);
      res.on("close", () => clearInterval(drip));
    });
    await new Promise<void>((ok) => trickle.listen(0, "127.0.0.1", ok));
    const { port } = trickle.address() as AddressInfo;
    try {
      const stalled = cognitoApi({
        region: "eu-west-1",
        endpoint: `http://127.0.0.1:${port}`,
        env: CREDENTIALS,
        attemptTimeoutMs: 100,
        deadlineMs: 250,
        maxAttempts: 2,
        sleep: async () => {},
      });
      const error = await failure(stalled("DescribeUserPool", { UserPoolId: POOL_ID }));
      expect(error.code).toBe("unavailable");
      expect(error.message).toContain("no answer");
    } finally {
      trickle.closeAllConnections();
      await new Promise((ok) => trickle.close(ok));
    }
  });

  it("caps the answer's size: a megabyte where a describe call is a few KB is no answer", async () => {
    const huge = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify({ UserPool: { Id: POOL_ID }, padding: "x".repeat(1024 * 1024) }));
    });
    await new Promise<void>((ok) => huge.listen(0, "127.0.0.1", ok));
    const { port } = huge.address() as AddressInfo;
    try {
      const oversized = cognitoApi({
        region: "eu-west-1",
        endpoint: `http://127.0.0.1:${port}`,
        env: CREDENTIALS,
        maxAttempts: 2,
        sleep: async () => {},
      });
      const error = await failure(oversized("DescribeUserPool", { UserPoolId: POOL_ID }));
      expect(error.code).toBe("unavailable");
    } finally {
      huge.closeAllConnections();
      await new Promise((ok) => huge.close(ok));
    }
  });

  it("does not retry a refusal (here ResourceNotFoundException), and names it", async () => {
    const error = await failure(provider()()); // no pool: ResourceNotFoundException
    expect(error.code).toBe("aws_error");
    expect(error.message).toContain("ResourceNotFoundException");
    expect(fake.requests).toHaveLength(2); // List and DescribeUserPool, once each
  });
});

describe("the kept settings", () => {
  it("are asked for once, concurrent callers included; a failure is forgotten", async () => {
    fake.pools.set(POOL_ID, dashboardPool({ clients: [] }));
    const provider = clientSettingsProvider({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      domain: HOSTED_UI,
      api: api(),
    });
    expect((await failure(provider())).code).toBe("client_not_found");
    fake.pools.set(POOL_ID, dashboardPool());
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(await provider()).toBe(a);
    expect(b).toBe(a);
    expect(fake.count("ListUserPoolClients")).toBe(2);
  });

  it("are looked up again, by name, after the IdP refused the deploy's client", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    const provider = clientSettingsProvider({
      userPoolId: POOL_ID,
      clientName: "dashboard",
      clientId: DASH_ID,
      domain: HOSTED_UI,
      api: api(),
    });
    const first = await provider();
    // Replaced: a new id and secret under the same name; the old id still described (deleted
    // moments later), so only the name finds the new one.
    fake.pools.set(POOL_ID, {
      ...dashboardPool(),
      clients: [dashClient("newclient0000000000000002", NEW_SECRET)],
    });
    expect(await provider()).toBe(first);
    const next = await provider(first);
    expect(next).toEqual({
      domain: HOSTED_UI,
      clientId: "newclient0000000000000002",
      clientSecret: NEW_SECRET,
    });
    expect(fake.requests.map((r) => r.operation)).toEqual([
      "DescribeUserPoolClient",
      "ListUserPoolClients",
      "DescribeUserPoolClient",
    ]);
    // A stale refusal (settings it no longer holds) changes nothing.
    expect(await provider(first)).toBe(next);
  });
});

describe("the signature", () => {
  it("is the SDK's SigV4 for the same request, with the session token signed", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    const env = { ...CREDENTIALS, AWS_SESSION_TOKEN: "session-token-from-the-lambda-role" };
    await cognitoApi({ region: "eu-west-1", endpoint: fake.url, env })("DescribeUserPool", {
      UserPoolId: POOL_ID,
    });
    const [sent] = fake.requests;
    if (!sent) throw new Error("no request");
    expect(sent.headers["x-amz-security-token"]).toBe(env.AWS_SESSION_TOKEN);
    const date = String(sent.headers["x-amz-date"]);
    const signedAt = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    const smithy = new SignatureV4({
      service: "cognito-idp",
      region: "eu-west-1",
      credentials: {
        accessKeyId: CREDENTIALS.AWS_ACCESS_KEY_ID,
        secretAccessKey: CREDENTIALS.AWS_SECRET_ACCESS_KEY,
        sessionToken: env.AWS_SESSION_TOKEN,
      },
      sha256: NodeSha256,
      // x-amz-content-sha256 is optional outside S3; aws4fetch does not send it.
      applyChecksum: false,
    });
    const url = new URL(fake.url);
    const signed = await smithy.sign(
      {
        method: "POST",
        protocol: "http:",
        hostname: url.hostname,
        port: Number(url.port),
        path: "/",
        headers: {
          host: url.host,
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": String(sent.headers["x-amz-target"]),
        },
        body: sent.raw,
      },
      { signingDate: signedAt, unsignableHeaders: new Set(["content-type"]) },
    );
    const signature = (header: unknown) => /Signature=([0-9a-f]{64})/.exec(String(header))?.[1];
    expect(signature(sent.headers.authorization)).toBe(signature(signed.headers.authorization));
    expect(signature(sent.headers.authorization)).toBeDefined();
  });

  it("is refused by the fake when missing (the fake checks what it can)", async () => {
    const unsigned = await fetch(fake.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: "{}",
    });
    expect(unsigned.status).toBe(400);
    // aws4fetch is what the dashboard signs with; a request it signs passes.
    const signer = new AwsClient({
      accessKeyId: "AKIDTEST",
      secretAccessKey: "x",
      service: "cognito-idp",
      region: "eu-west-1",
      retries: 0,
    });
    const signed = await signer.fetch(fake.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.DescribeUserPool",
      },
      body: JSON.stringify({ UserPoolId: "eu-west-1_Missing" }),
    });
    expect(((await signed.json()) as { __type: string }).__type).toBe("ResourceNotFoundException");
  });

  it("needs credentials, and says which variables", () => {
    expect(() => cognitoApi({ region: "eu-west-1", env: {} })).toThrow(/AWS_ACCESS_KEY_ID/);
  });
});

describe("configFromSst", () => {
  it("is undefined outside SST", async () => {
    await expect(configFromSst()).resolves.toBeUndefined();
  });

  it("reads the links and deploy-time variables without calling Cognito, which it asks on first need", async () => {
    fake.pools.set(POOL_ID, dashboardPool());
    // What the function's environment looks like once deployed (links as SST_RESOURCE_*, the
    // variables addEnvironment sets), plus the endpoint override pointing at the fake.
    vi.stubEnv("SST_RESOURCE_App", JSON.stringify({ name: "cognito-dashboard", stage: "test" }));
    vi.stubEnv("SST_RESOURCE_UserPool", JSON.stringify({ id: POOL_ID }));
    vi.stubEnv(
      "SST_RESOURCE_SessionSecret",
      JSON.stringify({ value: `${SESSION_SECRET}, ${SESSION_SECRET.replace("000", "111")}` }),
    );
    vi.stubEnv("USER_POOL_CLIENT_NAME", "dashboard");
    vi.stubEnv("USER_POOL_CLIENT_ID", DASH_ID);
    vi.stubEnv("USER_POOL_HOSTED_UI", HOSTED_UI);
    vi.stubEnv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", fake.url);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDTEST");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test-secret-key");
    try {
      const auth = await configFromSst();
      expect(auth).toMatchObject({
        userPoolId: POOL_ID,
        sessionSecrets: [SESSION_SECRET, SESSION_SECRET.replace("000", "111")],
      });
      expect(fake.requests).toEqual([]);
      expect(await auth?.clientSettings()).toEqual({
        domain: HOSTED_UI,
        clientId: DASH_ID,
        clientSecret: CLIENT_SECRET,
      });
      expect(fake.counts()).toEqual({ DescribeUserPoolClient: 1 });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses a malformed client id or hosted-UI variable, naming it", async () => {
    vi.stubEnv("SST_RESOURCE_App", JSON.stringify({ name: "cognito-dashboard", stage: "test" }));
    vi.stubEnv("SST_RESOURCE_UserPool", JSON.stringify({ id: POOL_ID }));
    vi.stubEnv("SST_RESOURCE_SessionSecret", JSON.stringify({ value: SESSION_SECRET }));
    vi.stubEnv("USER_POOL_CLIENT_NAME", "dashboard");
    try {
      vi.stubEnv("USER_POOL_HOSTED_UI", "http://auth.example.com");
      await expect(configFromSst()).rejects.toThrow(/USER_POOL_HOSTED_UI/);
      vi.stubEnv("USER_POOL_HOSTED_UI", "");
      vi.stubEnv("USER_POOL_CLIENT_ID", "not an id");
      await expect(configFromSst()).rejects.toThrow(/USER_POOL_CLIENT_ID/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

type Bytes = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Bytes) =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** SHA-256 and HMAC-SHA-256 in the shape @smithy/signature-v4 expects, over node:crypto. */
class NodeSha256 {
  readonly #hash;
  constructor(secret?: Bytes) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Bytes): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}
