/**
 * A local fake of the three Cognito calls discovery makes (ListUserPoolClients,
 * DescribeUserPoolClient, DescribeUserPool): a real HTTP server on port 0 speaking the AWS JSON
 * 1.1 protocol. Point the SDK at it with `endpoint: fake.url`, or a whole process with
 * `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=<fake.url>` (plus any AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY). Used by the discovery tests; the benchmarks can use it for cold starts.
 * @example const fake = new FakeCognito(); await fake.start(); fake.pools.set(id, { domain: "x", clients: [] });
 */
import { createServer, type Server } from "node:http";
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

export class FakeCognito {
  pools = new Map<string, FakePool>();
  /** Calls still to answer with TooManyRequestsException, by operation. */
  throttle: Record<string, number> = {};
  requests: { operation: string; body: Record<string, unknown> }[] = [];
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
        const operation = target.replace("AWSCognitoIdentityProviderService.", "");
        const body = raw ? JSON.parse(raw) : {};
        this.requests.push({ operation, body });
        const [status, payload] = this.answer(operation, body);
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify(payload));
      });
    });
    await new Promise<void>((ok) => this.server?.listen(0, "127.0.0.1", ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  reset(): void {
    this.pools.clear();
    this.throttle = {};
    this.requests = [];
    this.pageSize = 60;
  }

  count(operation: string): number {
    return this.requests.filter((r) => r.operation === operation).length;
  }

  private answer(operation: string, body: Record<string, unknown>): [number, unknown] {
    if ((this.throttle[operation] ?? 0) > 0) {
      this.throttle[operation] = (this.throttle[operation] ?? 0) - 1;
      return [400, { __type: "TooManyRequestsException", message: "Too many requests" }];
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
        if (!found) return [400, { __type: "ResourceNotFoundException", message: "no client" }];
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
