import type { LambdaFunctionURLEvent } from "aws-lambda";

/** The host name of a Function URL, as AWS forms it. */
export const FUNCTION_URL_HOST = "abcdefghijklmnopqrstuvwxyz234567.lambda-url.us-east-1.on.aws";

/**
 * The event a Function URL sends (payload 2.0) for a browser's first `GET` of `path`, no cookies.
 * @example functionUrlEvent("/").requestContext.http.method // "GET"
 */
export function functionUrlEvent(path: string): LambdaFunctionURLEvent {
  const now = new Date();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: {
      host: FUNCTION_URL_HOST,
      accept: "text/html",
      "user-agent": "cdash-bench",
      "x-forwarded-proto": "https",
      "x-forwarded-port": "443",
      "x-forwarded-for": "203.0.113.7",
    },
    requestContext: {
      accountId: "anonymous",
      apiId: FUNCTION_URL_HOST.split(".")[0] as string,
      domainName: FUNCTION_URL_HOST,
      domainPrefix: FUNCTION_URL_HOST.split(".")[0] as string,
      http: {
        method: "GET",
        path,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "cdash-bench",
      },
      requestId: crypto.randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}
