import type { LambdaFunctionURLEvent } from "aws-lambda";

/** The host name of a Function URL, as AWS forms it. */
export const FUNCTION_URL_HOST = "abcdefghijklmnopqrstuvwxyz234567.lambda-url.us-east-1.on.aws";

/** The Function URL's origin, as a browser sees it. */
export const FUNCTION_URL_ORIGIN = `https://${FUNCTION_URL_HOST}`;

/**
 * The event a Function URL sends (payload 2.0) for a browser's `GET` of `url` (a path, or a full
 * URL on the Function URL's host), with its cookies (a `cookie` header value) if any.
 * @example functionUrlEvent("/").requestContext.http.method // "GET"
 */
export function functionUrlEvent(url: string, cookie = ""): LambdaFunctionURLEvent {
  const now = new Date();
  const { pathname, search } = new URL(url, `https://${FUNCTION_URL_HOST}`);
  const cookies = cookie ? cookie.split(/;\s*/).filter(Boolean) : [];
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: pathname,
    rawQueryString: search.slice(1),
    ...(cookies.length ? { cookies } : {}),
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
        path: pathname,
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
