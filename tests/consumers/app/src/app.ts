// A consumer's app, as the package's README shows it: a protected home page and an admin page.
import {
  type CognitoAuthOptions,
  type CognitoAuthVariables,
  cognitoAuth,
  requireGroup,
} from "@cognito-dashboard/cognito-auth";
import { Hono } from "hono";

/** The settings a consumer passes in, by the names of its environment. */
export type Settings = Record<string, string | undefined>;

/** The middleware's options from the settings: the mock IdP's, given by the test. */
export function optionsFrom(env: Settings): CognitoAuthOptions {
  return {
    domain: env.COGNITO_DOMAIN ?? "",
    userPoolId: env.COGNITO_USER_POOL_ID ?? "",
    clientId: env.COGNITO_CLIENT_ID ?? "",
    clientSecret: env.COGNITO_CLIENT_SECRET ?? null,
    jwksUri: env.COGNITO_JWKS_URI,
    sessionSecrets: [env.SESSION_SECRET ?? ""],
  };
}

/** The app; `options` fixed, or read per request (a Worker's settings are in `c.env`). */
export function createApp(
  options: CognitoAuthOptions | ((env: Settings) => CognitoAuthOptions),
): Hono<{ Variables: CognitoAuthVariables }> {
  const app = new Hono<{ Variables: CognitoAuthVariables }>();
  app.use(
    typeof options === "function"
      ? cognitoAuth((c) => options(c.env as Settings))
      : cognitoAuth(options),
  );
  app.get("/", (c) => c.text(`home of ${c.get("auth").user.email}`));
  app.get("/admin", requireGroup("admins"), (c) =>
    c.text(`admin page for ${c.get("auth").user.email}`),
  );
  return app;
}
