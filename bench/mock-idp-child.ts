import { type MockUser, startMockIdp } from "@cognito-dashboard/mock-idp";
import { serveChild } from "./child.ts";
import type { IdpInfo } from "./idp-tokens.ts";

/** What the bench asks of its mock IdP: its own user, and the callback URLs of its apps. */
export interface MockIdpRequest {
  extraCallbackUrls: string[];
  users: MockUser[];
  /** `local` for relying parties that find the IdP by discovery under its issuer. */
  issuer?: "cognito" | "local";
  /** Token lifetimes in seconds (the soak's short ones make sessions renew while it runs). */
  idTokenTtl?: number;
  accessTokenTtl?: number;
}

// The mock runs in its own process: in the load generator's process it would compete with
// autocannon for the same event loop, and in a server's process with the server.
serveChild<MockIdpRequest, IdpInfo>(async ({ extraCallbackUrls, users, issuer, ...ttl }) => {
  const idp = await startMockIdp({
    port: 0,
    quiet: true,
    extraCallbackUrls,
    users,
    issuer,
    ...ttl,
  });
  return {
    url: idp.url,
    issuer: idp.issuer,
    userPoolId: idp.userPoolId,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    jwksUri: idp.jwksUri,
  };
});
