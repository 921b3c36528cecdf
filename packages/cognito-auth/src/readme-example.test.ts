/**
 * The README's runnable app, as written, served by Node on a real port, signs users in. Only the
 * package name is changed around it, to resolve to this source; the settings come from the
 * environment as the README says, with the test IdP's values.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_A, TestBrowser } from "./testing/test-browser.ts";
import { ALICE, BOB, startTestIdp, type TestIdp } from "./testing/test-idp.ts";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
// A dot file next to the sources, so `hono` resolves as it does for the package; removed after.
const examplePath = join(here, ".readme-example.ts");
const SECTION = "## A runnable app";

/** Bun and Deno (runtimes.test.ts) run this suite too; the example is run by Node. */
const onNode = !("Bun" in globalThis) && !("Deno" in globalThis);

let idp: TestIdp;
let server: ChildProcess | undefined;
beforeAll(async () => {
  idp = await startTestIdp();
});
afterAll(async () => {
  server?.kill();
  rmSync(examplePath, { force: true });
  await idp.close();
});

/** The first TypeScript block of the README's runnable app. */
function runnableExample(): string {
  const at = readme.indexOf(SECTION);
  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (at < 0 || !match?.[1]) throw new Error(`README: no ts block under ${SECTION}`);
  return match[1];
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("the README's runnable app", () => {
  it.skipIf(!onNode)(
    "is at most 20 lines and, run by Node, signs a user in, answers /api/me and guards /admin",
    async () => {
      const code = runnableExample();
      expect(code.trimEnd().split("\n").length).toBeLessThanOrEqual(20);
      writeFileSync(
        examplePath,
        code.replace('"@cognito-dashboard/cognito-auth"', JSON.stringify("./index.ts")),
      );
      const port = await freePort();
      let output = "";
      server = spawn(process.execPath, [examplePath], {
        env: {
          PATH: process.env.PATH,
          COGNITO_DOMAIN: idp.url,
          COGNITO_USER_POOL_ID: idp.userPoolId,
          COGNITO_CLIENT_ID: idp.clientId,
          COGNITO_CLIENT_SECRET: idp.clientSecret,
          COGNITO_JWKS_URI: idp.jwksUri,
          SESSION_SECRET: SECRET_A,
          PORT: String(port),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      server.stdout?.on("data", (chunk) => (output += chunk));
      server.stderr?.on("data", (chunk) => (output += chunk));
      const origin = `http://localhost:${port}`;
      const served = {
        request: (url: string, init?: RequestInit) => fetch(url, { ...init, redirect: "manual" }),
      };
      for (let i = 0; ; i++) {
        if (server.exitCode !== null) throw new Error(`the example exited:\n${output}`);
        const up = await fetch(`${origin}/healthz`).then(
          () => true,
          () => false,
        );
        if (up) break;
        if (i > 200) throw new Error(`the example did not listen on ${port}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      const alice = new TestBrowser(served, origin);
      expect((await alice.login(idp, ALICE)).headers.get("location")).toBe("/");
      expect(await (await alice.request("/")).text()).toBe(`Hello ${ALICE.name}`);
      expect(await (await alice.request("/api/me")).json()).toMatchObject({ email: ALICE.email });
      expect(await (await alice.request("/admin")).text()).toBe("admins only");

      const bob = new TestBrowser(served, origin);
      await bob.login(idp, BOB);
      expect((await bob.request("/admin")).status).toBe(403);
      expect((await new TestBrowser(served, origin).request("/")).status).toBe(302);
      expect((await fetch(`${origin}/api/me`)).status).toBe(401);
    },
  );
});
