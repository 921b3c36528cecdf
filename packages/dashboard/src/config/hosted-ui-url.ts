import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";

/**
 * The hosted UI's base URL for the middleware's `domain` option: a full URL as given, or a
 * Cognito prefix domain in its region. Shown at start-up and on the admin page.
 * @example hostedUiUrl({ prefix: "my-app", region: "eu-west-1" }) // "https://my-app.auth.eu-west-1.amazoncognito.com"
 */
export function hostedUiUrl(domain: CognitoAuthOptions["domain"]): string {
  return typeof domain === "string"
    ? domain
    : `https://${domain.prefix}.auth.${domain.region}.amazoncognito.com`;
}
