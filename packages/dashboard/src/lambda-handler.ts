import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from "aws-lambda";
import { handle } from "hono/aws-lambda";
import { type AppConfig, createApp } from "./app.tsx";

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
    // hono declares its own copies of the AWS event types; the shapes are the same payload 2.0.
    const result = await handler(event as unknown as HonoEvent, context as HonoContext);
    return result as LambdaFunctionURLResult;
  };
}
