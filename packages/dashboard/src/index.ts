export { type AppConfig, createApp } from "./app.tsx";
export {
  ConfigError,
  type ConfigSource,
  type DashboardConfig,
  type ResolveConfigOptions,
  resolveConfig,
} from "./config/resolve-config.ts";
export {
  functionUrlListener,
  toFunctionUrlEvent,
  writeFunctionUrlResult,
} from "./function-url-bridge.ts";
export { createLambdaHandler, type FunctionUrlHandler } from "./lambda-handler.ts";
export { type LocalServer, type LocalServerOptions, startLocalServer } from "./local-server.ts";
