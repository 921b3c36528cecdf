import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The user pool and app client the fake describes. */
export interface FakePool {
  userPoolId: string;
  clientId: string;
  clientSecret: string;
  clientName: string;
  domainPrefix: string;
  callbackUrls: string[];
  logoutUrls: string[];
}

/** A running fake of the three Cognito control-plane calls the dashboard's discovery makes. */
export interface FakeCognito {
  /** For `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`. */
  endpoint: string;
  /** Calls answered so far, by operation name. */
  calls: Map<string, number>;
  stop(): Promise<void>;
}

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";

/**
 * Starts a local HTTP server that speaks AWS JSON 1.1 for DescribeUserPool, ListUserPoolClients
 * and DescribeUserPoolClient, answering for one pool with the shapes Cognito answers with. It does
 * not check signatures; anything else gets the error AWS gives for an unknown operation.
 * @example const fake = await startFakeCognito(pool); // env AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = fake.endpoint
 */
export async function startFakeCognito(pool: FakePool): Promise<FakeCognito> {
  const calls = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const operation = String(req.headers["x-amz-target"] ?? "").replace(TARGET_PREFIX, "");
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        return send(res, 400, error("SerializationException", "Malformed JSON"));
      }
      const answer = answerFor(operation, input, pool);
      send(res, answer.status, answer.body);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answerFor(
  operation: string,
  input: Record<string, unknown>,
  pool: FakePool,
): { status: number; body: unknown } {
  if (input.UserPoolId !== pool.userPoolId) {
    return { status: 400, body: error("ResourceNotFoundException", "User pool does not exist.") };
  }
  const created = 1_700_000_000;
  switch (operation) {
    case "DescribeUserPool":
      return {
        status: 200,
        body: {
          UserPool: {
            Id: pool.userPoolId,
            Name: "bench-pool",
            Arn: `arn:aws:cognito-idp:${regionOf(pool.userPoolId)}:123456789012:userpool/${pool.userPoolId}`,
            Domain: pool.domainPrefix,
            CreationDate: created,
            LastModifiedDate: created,
            UsernameAttributes: ["email"],
            AutoVerifiedAttributes: ["email"],
            MfaConfiguration: "OFF",
            EstimatedNumberOfUsers: 2,
          },
        },
      };
    case "ListUserPoolClients":
      return {
        status: 200,
        body: {
          UserPoolClients: [
            { ClientId: pool.clientId, ClientName: pool.clientName, UserPoolId: pool.userPoolId },
          ],
        },
      };
    case "DescribeUserPoolClient":
      if (input.ClientId !== pool.clientId) {
        return { status: 400, body: error("ResourceNotFoundException", "Client does not exist.") };
      }
      return {
        status: 200,
        body: {
          UserPoolClient: {
            UserPoolId: pool.userPoolId,
            ClientName: pool.clientName,
            ClientId: pool.clientId,
            ClientSecret: pool.clientSecret,
            CreationDate: created,
            LastModifiedDate: created,
            RefreshTokenValidity: 30,
            TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
            SupportedIdentityProviders: ["COGNITO"],
            CallbackURLs: pool.callbackUrls,
            LogoutURLs: pool.logoutUrls,
            AllowedOAuthFlows: ["code"],
            AllowedOAuthScopes: ["openid", "email", "profile"],
            AllowedOAuthFlowsUserPoolClient: true,
            ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
            PreventUserExistenceErrors: "ENABLED",
            EnableTokenRevocation: true,
          },
        },
      };
    default:
      return { status: 400, body: error("UnknownOperationException", `Unknown: ${operation}`) };
  }
}

function error(type: string, message: string): Record<string, string> {
  return { __type: type, message };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": crypto.randomUUID(),
  });
  res.end(text);
}

function regionOf(userPoolId: string): string {
  return userPoolId.split("_")[0] ?? "us-east-1";
}
