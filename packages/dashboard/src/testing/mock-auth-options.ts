import type { CognitoAuthOptions } from "@cognito-dashboard/cognito-auth";
import { MOCK_IDP, mockJwksUri } from "@cognito-dashboard/local-dev";

/** Where the unit tests say the hosted UI is; they never reach it. */
export const TEST_IDP = `http://localhost:${MOCK_IDP.port}`;

/**
 * Middleware options for the mock IdP's default pool and client, for unit tests of the app, its
 * servers and its Lambda handler.
 */
export function mockAuthOptions(sessionSecret: string): CognitoAuthOptions {
  return {
    domain: TEST_IDP,
    userPoolId: MOCK_IDP.userPoolId,
    clientId: MOCK_IDP.clientId,
    clientSecret: MOCK_IDP.clientSecret,
    jwksUri: mockJwksUri(TEST_IDP),
    sessionSecrets: [sessionSecret],
  };
}
