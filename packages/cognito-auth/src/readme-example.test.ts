/**
 * The README's usage example, as written, signs a user in. Only two things are changed around
 * it: the package name resolves to this source, and the calls the example makes to Cognito's
 * hosts (its issuer's JWKS) go to the test IdP, as a network would route them.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cognitoIssuer } from "./options.ts";
import { SECRET_A, TestBrowser } from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
// A dot file next to the sources, so `hono` resolves as it does for the package; removed after.
const examplePath = join(here, ".readme-example.ts");

let idp: TestIdp;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  rmSync(examplePath, { force: true });
  await idp.close();
});

/** The first TypeScript block of the README's "Usage" section. */
function usageExample(): string {
  const usage = readme.slice(readme.indexOf("## Usage"));
  const match = /```ts\n([\s\S]*?)```/.exec(usage);
  if (!match?.[1]) throw new Error("README: no ts block under ## Usage");
  return match[1];
}

describe("the README's example", () => {
  it("is at most 20 lines and signs a user in, answers /api/me, the access token and /admin", async () => {
    const code = usageExample();
    expect(code.trimEnd().split("\n").length).toBeLessThanOrEqual(20);
    writeFileSync(
      examplePath,
      code.replace('"@cognito-dashboard/cognito-auth"', JSON.stringify("./index.ts")),
    );
    Object.assign(process.env, {
      COGNITO_DOMAIN: idp.url,
      COGNITO_USER_POOL_ID: idp.userPoolId,
      COGNITO_CLIENT_ID: idp.clientId,
      COGNITO_CLIENT_SECRET: idp.clientSecret,
      SESSION_SECRET: SECRET_A,
    });
    const issuer = cognitoIssuer(idp.userPoolId);
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input);
      return realFetch(url.startsWith(issuer) ? idp.jwksUri : input, init);
    });
    const { default: app } = (await import(pathToFileURL(examplePath).href)) as { default: Hono };

    const alice = new TestBrowser(app);
    expect((await alice.login(idp, ALICE)).headers.get("location")).toBe("/");
    expect(await (await alice.request("/")).text()).toBe(`Hello ${ALICE.name}`);
    expect(await (await alice.request("/api/me")).json()).toMatchObject({ email: ALICE.email });
    expect(await (await alice.request("/api/token-length")).json()).toBeGreaterThan(0);
    expect(await (await alice.request("/admin")).text()).toBe("admins only");

    const bob = new TestBrowser(app);
    await bob.login(idp, BOB);
    expect((await bob.request("/admin")).status).toBe(403);
    expect((await new TestBrowser(app).request("/")).status).toBe(302);
  });
});
