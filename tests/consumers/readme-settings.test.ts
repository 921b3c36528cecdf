/**
 * The settings cognito-auth's README gives for the mock IdP are the mock's own (the one list in
 * @cognito-dashboard/local-dev), so a reader who copies them signs in.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CALLBACK_PATH,
  LOCAL_PORTS,
  MOCK_IDP,
  mockJwksUri,
  SIGNED_OUT_PATH,
} from "@cognito-dashboard/local-dev";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./consumer-install.ts";

const readme = readFileSync(join(REPO_ROOT, "packages", "cognito-auth", "README.md"), "utf8");

/** The README's value of a setting in its table of the mock's settings. */
function setting(name: string): string | undefined {
  return readme.match(new RegExp(`^\\| \`${name}\` \\| \`([^\`]+)\``, "m"))?.[1];
}

describe("cognito-auth's README, on the mock IdP", () => {
  it("gives the mock's URL, pool, client, secret and JWKS", () => {
    const url = `http://localhost:${MOCK_IDP.port}`;
    expect(setting("COGNITO_DOMAIN")).toBe(url);
    expect(setting("COGNITO_USER_POOL_ID")).toBe(MOCK_IDP.userPoolId);
    expect(setting("COGNITO_CLIENT_ID")).toBe(MOCK_IDP.clientId);
    expect(setting("COGNITO_CLIENT_SECRET")).toBe(MOCK_IDP.clientSecret);
    expect(setting("COGNITO_JWKS_URI")).toBe(mockJwksUri(url));
  });

  it("gives the registered callback, sign-out path and ports", () => {
    expect(readme).toContain(`http://localhost:<port>${CALLBACK_PATH}`);
    expect(readme).toContain(`http://localhost:<port>${SIGNED_OUT_PATH}`);
    expect(readme).toContain(`afterLogout: "${SIGNED_OUT_PATH}"`);
    const ports = LOCAL_PORTS.map(String);
    expect(readme).toContain(`ports ${ports.slice(0, -1).join(", ")} and ${ports.at(-1)}`);
  });
});
