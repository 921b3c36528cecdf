import { serve } from "@hono/node-server";
import { serveChild } from "./child.ts";
import type { IdpInfo, Tokens } from "./idp-tokens.ts";

/** Which app a server child runs. */
export type Scenario =
  | "no-auth"
  | "cookie-only"
  | "empty-middleware"
  | "cognito-auth"
  | "cognito-auth-lean"
  | "oidc-auth"
  | "userinfo"
  | "dashboard";

export interface ServerRequest {
  scenario: Scenario;
  /** 0 for any; a fixed one when the mock IdP must know the callback URL beforehand. */
  port: number;
  idp?: IdpInfo;
  /** Tokens of a sign-in at the mock, for the scenarios that mint their session from them. */
  tokens?: Tokens;
}

export interface ServerInfo {
  port: number;
  /** A valid session cookie (`name=value`) when the app mints it; else the bench signs in. */
  cookie?: string;
}

// The scenario comes as the first argument too, so that the app's modules load while the parent
// is still starting the IdP; the request with the IdP's details comes over IPC.
const preloaded = process.argv[2] as Scenario | undefined;
const modules = {
  "no-auth": () => import("./apps/no-auth.ts"),
  "cookie-only": () => import("./apps/no-auth.ts"),
  "empty-middleware": () => import("./apps/no-auth.ts"),
  "oidc-auth": () => import("./apps/oidc-auth.ts"),
  userinfo: () => import("./apps/userinfo-per-request.ts"),
  "cognito-auth": () => import("./apps/cognito-auth.ts"),
  "cognito-auth-lean": () => import("./apps/cognito-auth.ts"),
  dashboard: () => import("./apps/dashboard.ts"),
} as const;
if (preloaded && preloaded in modules) void modules[preloaded]();

/** What serving an app needs of it. */
type FetchApp = { fetch: (request: Request) => Response | Promise<Response> };

async function createScenarioApp(
  request: ServerRequest,
): Promise<{ app: FetchApp; cookie?: string }> {
  const { idp, tokens } = request;
  switch (request.scenario) {
    case "no-auth": {
      const { createNoAuthApp } = await import("./apps/no-auth.ts");
      return { app: createNoAuthApp() };
    }
    case "cookie-only": {
      const { createCookieReadingApp } = await import("./apps/no-auth.ts");
      return { app: createCookieReadingApp() };
    }
    case "empty-middleware": {
      const { createEmptyMiddlewareApp } = await import("./apps/no-auth.ts");
      return { app: createEmptyMiddlewareApp() };
    }
    case "oidc-auth": {
      const { createOidcAuthApp } = await import("./apps/oidc-auth.ts");
      return { app: createOidcAuthApp(required(idp, "idp")) };
    }
    case "userinfo": {
      const { createUserInfoApp } = await import("./apps/userinfo-per-request.ts");
      return createUserInfoApp(required(idp, "idp"), required(tokens, "tokens").access_token);
    }
    case "cognito-auth": {
      const { createCognitoAuthApp } = await import("./apps/cognito-auth.ts");
      return { app: createCognitoAuthApp(required(idp, "idp")) };
    }
    case "cognito-auth-lean": {
      const { createCognitoAuthApp } = await import("./apps/cognito-auth.ts");
      return { app: createCognitoAuthApp(required(idp, "idp"), { keepAccessToken: false }) };
    }
    case "dashboard": {
      const { createDashboardApp } = await import("./apps/dashboard.ts");
      return { app: createDashboardApp(required(idp, "idp")) };
    }
  }
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`this scenario needs "${name}"`);
  return value;
}

serveChild<ServerRequest, ServerInfo>(async (request) => {
  const { app, cookie } = await createScenarioApp(request);
  const port = await new Promise<number>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: request.port }, (info) =>
      resolve(info.port),
    );
    server.once("error", reject);
  });
  return cookie === undefined ? { port } : { port, cookie };
});
