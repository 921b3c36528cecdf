/**
 * Federated identity providers ("Sign in with ...") on the hosted UI. None by default: the pool's
 * own users (COGNITO) only. To add one, create it here and return its `providerName`; the app
 * client lists it next to COGNITO. docs/deploy.md has an OIDC (Entra ID, Okta...) example; keep the IdP's client secret in an `sst.Secret`, never in this file.
 * @example identityProviders(pool) // [] or [google.providerName]
 */
export function identityProviders(_pool: sst.aws.CognitoUserPool): $util.Output<string>[] {
  return [];
}
