/**
 * The dashboard's app client: code flow only, with a secret, registered for the Function URL and,
 * on stages other than prod, the four localhost ports (from @cognito-dashboard/local-dev, the
 * module the mock IdP reads) so that `sst dev`'s local dashboard can sign in against the stage.
 *
 * The implicit flow stays off: it returns tokens in the URL fragment, where browser history,
 * logs and referrers can leak them, and current OAuth security guidance (RFC 9700) says not to use
 * it. Federated IdPs are added to the pool and named in `providers` (see docs/deploy.md).
 */
import {
  APP_CLIENT_SCOPES,
  callbackUrl,
  localCallbackUrls,
  localLogoutUrls,
  logoutUrl,
  TOKEN_LIFETIMES,
} from "@cognito-dashboard/local-dev";
import { allowsLocalhostUrls } from "./localhost-urls.ts";
import { DASHBOARD_CLIENT_NAME } from "./naming.ts";

/**
 * Adds the dashboard's client to the pool.
 * @example dashboardClient({ pool, dashboardUrl: fn.url })
 */
export function dashboardClient(input: {
  pool: sst.aws.CognitoUserPool;
  dashboardUrl: $util.Input<string>;
  /** Names of identity providers added with `pool.addIdentityProvider`. */
  federatedProviders?: $util.Input<string>[];
  localhostUrls?: boolean;
}) {
  const local = input.localhostUrls ?? allowsLocalhostUrls($app.stage);
  const url = $output(input.dashboardUrl);
  const callbackUrls = url.apply((origin) => [
    callbackUrl(origin),
    ...(local ? localCallbackUrls() : []),
  ]);
  const logoutUrls = url.apply((origin) => [
    logoutUrl(origin),
    ...(local ? localLogoutUrls() : []),
  ]);

  return input.pool.addClient("DashboardClient", {
    providers: ["COGNITO", ...(input.federatedProviders ?? [])],
    callbackUrls,
    transform: {
      client(args, opts) {
        // Pulumi creates a replacement before deleting the old one by default: two clients of
        // one name for a while, which discovery by name must refuse. Delete first instead
        // (sign-ins fail for the seconds in between; sessions stay valid).
        opts.deleteBeforeReplace = true;
        args.name = DASHBOARD_CLIENT_NAME;
        args.generateSecret = true;
        args.allowedOauthFlowsUserPoolClient = true;
        args.allowedOauthFlows = ["code"];
        args.allowedOauthScopes = [...APP_CLIENT_SCOPES];
        args.logoutUrls = logoutUrls;
        // Sign-in happens on the hosted UI only; the API may just refresh tokens.
        args.explicitAuthFlows = ["ALLOW_REFRESH_TOKEN_AUTH"];
        args.preventUserExistenceErrors = "ENABLED";
        // The middleware revokes the refresh token at logout.
        args.enableTokenRevocation = true;
        // A session cookie copied before logout works until its ID token expires (then renewal
        // fails: the refresh token is revoked). 30 minutes instead of Cognito's hour halves that
        // window, for one quiet renewal per half hour of use. The refresh token lives as long as
        // the session may (Cognito's default of 30 days would silently outlive it).
        args.idTokenValidity = TOKEN_LIFETIMES.idTokenSeconds / 60;
        args.accessTokenValidity = TOKEN_LIFETIMES.accessTokenSeconds / 60;
        args.refreshTokenValidity = TOKEN_LIFETIMES.refreshTokenSeconds / 3600;
        args.tokenValidityUnits = {
          idToken: "minutes",
          accessToken: "minutes",
          refreshToken: "hours",
        };
      },
    },
  });
}
