import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { type AppConfig, createApp } from "./app.tsx";
import { badRequestResult, checkFunctionUrlEvent } from "./function-url-event-check.ts";
import { jsonLine } from "./json-line.ts";

/** The shape a Lambda Function URL (payload 2.0) handler has. */
export type FunctionUrlHandler = (
  event: LambdaFunctionURLEvent,
  context?: unknown,
) => Promise<LambdaFunctionURLResult>;

/**
 * The dashboard as a Function URL handler. Set-Cookie headers come back in the `cookies` array,
 * one entry each, which is the only way a Function URL returns several cookies.
 * @example export const handler = createLambdaHandler(await resolveConfig());
 */
export function createLambdaHandler(config: AppConfig): FunctionUrlHandler {
  const handler = handle(createApp(config));
  type HonoEvent = Parameters<typeof handler>[0];
  type HonoContext = Parameters<typeof handler>[1];
  return async function dashboardHandler(event, context) {
    const checked = checkFunctionUrlEvent(event);
    if ("refused" in checked) {
      // The problem only: the values themselves may be cookies, codes or tokens.
      console.warn(jsonLine({ level: "warn", msg: "malformed event", problem: checked.refused }));
      return badRequestResult(event);
    }
    // hono declares its own copies of the AWS event types; the shapes are the same payload 2.0.
    const result = await handler(checked.event as unknown as HonoEvent, context as HonoContext);
    return result as LambdaFunctionURLResult;
  };
}
