/**
 * A local fake of the Cognito calls the dashboard makes at run time (ListUserPoolClients,
 * DescribeUserPoolClient, DescribeUserPool): a real HTTP server on port 0 speaking the AWS JSON
 * 1.1 protocol. Point the dashboard's signer (or the SDK) at it with `endpoint: fake.url`, or a
 * whole process with `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=<fake.url>` (plus any
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). It checks that each request is SigV4-signed for
 * `cognito-idp` (shape, not the signature: the discovery test compares signatures with the SDK's
 * signer), and can throttle, fail with 500, or answer late. Used by the discovery tests and the
 * benchmark's cold starts.
 * @example const fake = new FakeCognito(); await fake.start(); fake.pools.set(id, { domain: "x", clients: [] });
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeClient {
  ClientId: string;
  ClientName: string;
  ClientSecret?: string;
  CallbackURLs?: string[];
  LogoutURLs?: string[];
}

/** A user pool as the fake serves it; tests change it between calls. */
export interface FakePool {
  domain?: string;
  customDomain?: string;
  clients: FakeClient[];
}

/** One request the fake answered. */
export interface FakeRequest {
  operation: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  raw: string;
}

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+\/\d{8}\/[a-z]{2}(?:-gov)?-[a-z]+-\d\/cognito-idp\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;

export class FakeCognito {
  pools = new Map<string, FakePool>();
  /** Calls still to answer with TooManyRequestsException, by operation. */
  throttle: Record<string, number> = {};
  /** Calls still to answer with a 500 InternalErrorException, by operation. */
  failures: Record<string, number> = {};
  /** Milliseconds before each answer: a network round trip (0 on loopback). */
  latencyMs = 0;
  requests: FakeRequest[] = [];
  pageSize = 60;
  private server: Server | undefined;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = "";
      req.on("data", (chunk) => {
        raw += chunk;
      });
      req.on("end", () => {
        const target = String(req.headers["x-amz-target"] ?? "");
        const operation = target.replace(TARGET_PREFIX, "");
        let body: Record<string, unknown> = {};
        try {
          body = raw ? JSON.parse(raw) : {};
        } catch {
          // Answered below as AWS does.
        }
        this.requests.push({ operation, body, headers: req.headers, raw });
        const [status, payload] = this.answer(operation, body, req.headers);
        setTimeout(() => {
          res.writeHead(status, {
            "content-type": "application/x-amz-json-1.1",
            "x-amzn-requestid": crypto.randomUUID(),
          });
          res.end(JSON.stringify(payload));
        }, this.latencyMs);
      });
    });
    await new Promise<void>((ok) => this.server?.listen(0, "127.0.0.1", ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((ok) => {
      if (!this.server) return ok();
      this.server.close(() => ok());
      this.server.closeAllConnections();
    });
  }

  reset(): void {
    this.pools.clear();
    this.throttle = {};
    this.failures = {};
    this.latencyMs = 0;
    this.requests = [];
    this.pageSize = 60;
  }

  count(operation: string): number {
    return this.requests.filter((r) => r.operation === operation).length;
  }

  /** Calls answered so far, by operation. */
  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.requests) out[r.operation] = (out[r.operation] ?? 0) + 1;
    return out;
  }

  private answer(
    operation: string,
    body: Record<string, unknown>,
    headers: IncomingHttpHeaders,
  ): [number, unknown] {
    if (!SIGV4.test(String(headers.authorization ?? "")) || !headers["x-amz-date"]) {
      return [400, { __type: "IncompleteSignatureException", message: "not SigV4-signed" }];
    }
    if (headers["content-type"] !== "application/x-amz-json-1.1") {
      return [400, { __type: "SerializationException", message: "wrong content type" }];
    }
    if ((this.throttle[operation] ?? 0) > 0) {
      this.throttle[operation] = (this.throttle[operation] ?? 0) - 1;
      return [400, { __type: "TooManyRequestsException", message: "Too many requests" }];
    }
    if ((this.failures[operation] ?? 0) > 0) {
      this.failures[operation] = (this.failures[operation] ?? 0) - 1;
      return [500, { __type: "InternalErrorException", message: "Internal error" }];
    }
    const pool = this.pools.get(String(body.UserPoolId));
    if (!pool) {
      return [400, { __type: "ResourceNotFoundException", message: "User pool does not exist." }];
    }
    switch (operation) {
      case "ListUserPoolClients": {
        const start = Number(body.NextToken ?? 0);
        const page = pool.clients.slice(start, start + this.pageSize);
        const next = start + this.pageSize < pool.clients.length ? start + this.pageSize : null;
        return [
          200,
          {
            UserPoolClients: page.map((c) => ({
              ClientId: c.ClientId,
              ClientName: c.ClientName,
              UserPoolId: body.UserPoolId,
            })),
            ...(next === null ? {} : { NextToken: String(next) }),
          },
        ];
      }
      case "DescribeUserPoolClient": {
        const found = pool.clients.find((c) => c.ClientId === body.ClientId);
        if (!found) {
          return [
            400,
            {
              __type: "com.amazonaws.cognito.identity.idp.model#ResourceNotFoundException",
              message: "User pool client does not exist.",
            },
          ];
        }
        return [200, { UserPoolClient: { ...found, UserPoolId: body.UserPoolId } }];
      }
      case "DescribeUserPool":
        return [
          200,
          {
            UserPool: {
              Id: body.UserPoolId,
              ...(pool.domain ? { Domain: pool.domain } : {}),
              ...(pool.customDomain ? { CustomDomain: pool.customDomain } : {}),
            },
          },
        ];
      default:
        return [400, { __type: "UnknownOperationException", message: operation }];
    }
  }
}
