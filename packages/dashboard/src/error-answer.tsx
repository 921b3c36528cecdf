import { type ErrorContent, ErrorPage } from "./pages/error-page.tsx";
import { htmlDocument } from "./pages/layout.tsx";
import { REFUSAL_HEADERS } from "./security-headers.ts";

/** An answer as status, headers and body: what a Node response, a raw socket or a Lambda result needs. */
export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The answer to a request refused outside the Hono app (the local server's guards, the Lambda
 * handler's event check): the app's {@link ErrorPage}, or `{ "error": code, "message" }` for an
 * API call, so that a refusal looks the same wherever it comes from.
 */
export function errorAnswer(content: ErrorContent & { code: string }, api: boolean): ErrorAnswer {
  const { code, ...page } = content;
  return {
    status: content.status,
    headers: {
      ...REFUSAL_HEADERS,
      "content-type": api ? "application/json; charset=utf-8" : "text/html; charset=utf-8",
    },
    body: api
      ? JSON.stringify({ error: code, message: content.message })
      : htmlDocument(<ErrorPage {...page} />),
  };
}
