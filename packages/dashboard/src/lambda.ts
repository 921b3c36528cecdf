import { resolveConfig } from "./config/resolve-config.ts";
import { createLambdaHandler } from "./lambda-handler.ts";

// Resolved once per container, at cold start, without a network call: deployed, the app client's
// secret is asked of Cognito only when a route first needs it (config/from-sst.ts), so a cold
// start that only checks a session cookie never waits for it. On AWS there is no mock IdP to fall
// back to, so missing settings fail init.
const config = await resolveConfig({ allowMock: !process.env.AWS_LAMBDA_FUNCTION_NAME });
for (const warning of config.warnings) console.warn(`[dashboard] ${warning}`);

/**
 * The Lambda Function URL entry point (payload 2.0).
 * @example // sst.config.ts: new sst.aws.Function("Dashboard", { handler: "packages/dashboard/src/lambda.handler", url: true })
 */
export const handler = createLambdaHandler(config);
