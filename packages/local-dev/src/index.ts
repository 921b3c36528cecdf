/**
 * The one place that knows the local development addresses.
 *
 * The mock IdP registers these URLs on its app client, `sst.config.ts` registers the same ones on
 * the real Cognito app client, and the dashboard falls back to the mock's defaults when no Cognito
 * settings are given. Keeping them here means the allow-lists can never drift apart.
 */

/** Ports a local dashboard may listen on: Cognito only redirects back to these. */
export const LOCAL_PORTS = [3000, 5000, 8000, 8050] as const;

/** Where the hosted UI sends the browser back with `?code=…&state=…`. */
export const CALLBACK_PATH = "/login/cognito/authorized";

/** Where the app starts a login (redirects to the hosted UI's authorize endpoint). */
export const LOGIN_PATH = "/login/cognito";

/** Where the app ends a session before sending the browser to the hosted UI's logout. */
export const LOGOUT_PATH = "/logout";

/**
 * Where the hosted UI sends the browser after logout: the app's public "you are signed out" page.
 * Registered as the app client's sign-out URL, by the stack and by the mock alike.
 */
export const SIGNED_OUT_PATH = "/signed-out";

/**
 * The callback URL registered for an app origin.
 * @example callbackUrl("http://localhost:3000") // "http://localhost:3000/login/cognito/authorized"
 */
export function callbackUrl(origin: string): string {
  return `${trimSlash(origin)}${CALLBACK_PATH}`;
}

/**
 * The logout URL registered for an app origin.
 * @example logoutUrl("http://localhost:3000") // "http://localhost:3000/signed-out"
 */
export function logoutUrl(origin: string): string {
  return `${trimSlash(origin)}${SIGNED_OUT_PATH}`;
}

/**
 * The `http://localhost:<port>` origins of every local port.
 * @example localOrigins()[0] // "http://localhost:3000"
 */
export function localOrigins(): string[] {
  return LOCAL_PORTS.map((port) => `http://localhost:${port}`);
}

/**
 * Callback URLs for every local port, as registered on the app client.
 * @example localCallbackUrls()[3] // "http://localhost:8050/login/cognito/authorized"
 */
export function localCallbackUrls(): string[] {
  return localOrigins().map(callbackUrl);
}

/**
 * Logout URLs for every local port, as registered on the app client.
 * @example localLogoutUrls()[1] // "http://localhost:5000/signed-out"
 */
export function localLogoutUrls(): string[] {
  return localOrigins().map(logoutUrl);
}

/** The group the dashboard's admin page requires: the stack creates it, the mock's admin is in it. */
export const ADMINS_GROUP = "admins";

/**
 * The app client's name. The client needs the function's URL, so it is created after the
 * function; the stack then hands the function the client's id ({@link CLIENT_ID_ENV}), and the
 * function finds its client by this name only when that id is missing or no longer valid.
 */
export const APP_CLIENT_NAME = "dashboard";

/** The plain environment variable that carries {@link APP_CLIENT_NAME} to the deployed function. */
export const CLIENT_NAME_ENV = "USER_POOL_CLIENT_NAME";

/** The variable the stack sets, after the client exists, to the app client's id (not a secret). */
export const CLIENT_ID_ENV = "USER_POOL_CLIENT_ID";

/** The variable the stack sets, after the pool's domain exists, to the hosted UI's base URL. */
export const HOSTED_UI_ENV = "USER_POOL_HOSTED_UI";

/**
 * The OAuth scopes the dashboard's app client allows: the stack sets them on the real client and
 * the mock allows the same ones (a scope outside them is dropped, as Cognito drops it). `phone`
 * is allowed for apps that show it; `aws.cognito.signin.user.admin` is not.
 */
export const APP_CLIENT_SCOPES = ["openid", "email", "profile", "phone"] as const;

/**
 * Token lifetimes of the dashboard's app client, in seconds: the stack sets them on the real
 * client, the mock issues tokens with them, and the dashboard's session ends with the refresh
 * token. Cognito's ranges: ID and access tokens 5 minutes to 1 day, refresh 1 hour to 10 years.
 */
export const TOKEN_LIFETIMES = {
  /** 30 minutes: a session cookie copied before logout stops working when its ID token expires. */
  idTokenSeconds: 30 * 60,
  accessTokenSeconds: 30 * 60,
  /** 8 hours: the session's absolute lifetime, so a renewal never outlives the session. */
  refreshTokenSeconds: 8 * 60 * 60,
} as const;

/**
 * The mock IdP's fixed development values. They are public on purpose: they only ever protect a
 * laptop's offline login, and every one of them can be overridden.
 */
export const MOCK_IDP = {
  /** `npm run mock-idp` listens here unless `MOCK_IDP_PORT` says otherwise. */
  port: 9500,
  region: "us-east-1",
  /** Has the form aws-jwt-verify accepts (`<region>_<id>`). */
  userPoolId: "us-east-1_LocalMock",
  clientName: APP_CLIENT_NAME,
  /** 26 lowercase letters and digits, like a Cognito app client id. */
  clientId: "localmockclient0000dashbrd",
  clientSecret: "local-mock-client-secret-not-for-production-use",
  /**
   * Credentials for an AWS SDK client pointed at the mock's user-pool API (its endpoint is the
   * mock's URL). The mock requires a SigV4 `Authorization` header, as AWS does, but does not check
   * the signature, so any values work; these spare a laptop without AWS credentials the lookup.
   */
  apiCredentials: {
    accessKeyId: "MOCKIDPLOCALACCESSKEY",
    secretAccessKey: "mock-idp-does-not-verify-signatures",
  },
} as const;

/**
 * The settings of an AWS SDK Cognito client that talks to the mock's user-pool API instead of AWS:
 * `new CognitoIdentityProviderClient({ ...mockUserPoolApi(mockUrl), maxAttempts })`. The region
 * is the pool's (the mock refuses requests signed for another one, as AWS would).
 * @example mockUserPoolApi("http://localhost:9500").endpoint // "http://localhost:9500"
 */
export function mockUserPoolApi(
  mockUrl = `http://localhost:${MOCK_IDP.port}`,
  userPoolId: string = MOCK_IDP.userPoolId,
): {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
} {
  return {
    endpoint: trimSlash(mockUrl),
    region: userPoolId.split("_")[0] as string,
    credentials: { ...MOCK_IDP.apiCredentials },
  };
}

/** Where the mock shows the mail Cognito would send (invitations, reset codes), as a page. */
export const MOCK_OUTBOX_PATH = "/outbox";

/**
 * The mock's outbox as JSON (`{ messages: [...] }`, oldest first), for tests and scripts.
 * @example mockOutboxJsonUrl("http://localhost:9500") // "http://localhost:9500/outbox.json"
 */
export function mockOutboxJsonUrl(mockUrl: string): string {
  return `${trimSlash(mockUrl)}${MOCK_OUTBOX_PATH}.json`;
}

/**
 * The Cognito-shaped issuer of a user pool.
 * @example cognitoIssuer("us-east-1_LocalMock") // "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_LocalMock"
 */
export function cognitoIssuer(userPoolId: string): string {
  const region = userPoolId.split("_")[0];
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/**
 * Where the mock IdP serves the JWKS of a pool, given the mock's base URL.
 * @example mockJwksUri("http://localhost:9500") // "http://localhost:9500/us-east-1_LocalMock/.well-known/jwks.json"
 */
export function mockJwksUri(mockUrl: string, userPoolId: string = MOCK_IDP.userPoolId): string {
  return `${trimSlash(mockUrl)}/${userPoolId}/.well-known/jwks.json`;
}

function trimSlash(url: string): string {
  return url.endsWith("/") ? url.slice(0, -1) : url;
}
