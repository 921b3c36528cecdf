/**
 * The mock as people install it: `npm pack -w cognito-mock-idp`, installed into a fresh folder
 * (offline, from npm's cache), started with `npx cognito-mock-idp` on plain Node. Through its API
 * a second pool, app client and user are created; openid-client, finding that pool by discovery,
 * signs the user in through the pool's hosted UI (its HTML form driven over HTTP).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkFor } from "./api-test-support.ts";
import { form, hiddenField, TestBrowser } from "./test-support.ts";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..", "..");
const CALLBACK = "http://localhost:4321/callback";

let work: string;
let consumer: string;
let tarball: string;
let files: string[];
let mock: ChildProcess | undefined;
let url: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "mock-idp-packed-"));
  const { stdout } = await run(
    "npm",
    ["pack", "-w", "cognito-mock-idp", "--pack-destination", work, "--json", "--loglevel=error"],
    { cwd: REPO, maxBuffer: 16 * 1024 * 1024 },
  );
  // The JSON report follows what the prepack build printed.
  const [report] = JSON.parse(stdout.slice(stdout.search(/^\[/m))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = join(work, report?.filename as string);
  files = (report?.files ?? []).map((f) => f.path);
  consumer = join(work, "consumer");
  await installOffline(consumer, tarball);
  mock = spawn("npx", ["cognito-mock-idp"], {
    cwd: consumer,
    env: { ...process.env, MOCK_IDP_PORT: "0", MOCK_IDP_ISSUER: "local", MOCK_IDP_QUIET: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await listeningUrl(mock);
}, 120_000);

afterAll(async () => {
  if (mock && mock.exitCode === null) {
    mock.kill("SIGTERM");
    await once(mock, "exit");
  }
  rmSync(work, { recursive: true, force: true });
});

describe("the packed cognito-mock-idp", () => {
  it("holds JavaScript and declarations only, with a bin and exports that plain Node runs", async () => {
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining(["package.json", "README.md", "LICENSE", "users.json", "dist/cli.js"]),
    );
    const manifest = JSON.parse(
      readFileSync(join(consumer, "node_modules/cognito-mock-idp/package.json"), "utf8"),
    );
    expect(manifest).toMatchObject({
      bin: { "cognito-mock-idp": "./dist/cli.js" },
      exports: { ".": { types: "./dist/types/index.d.ts", default: "./dist/index.js" } },
    });
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["jose", "oidc-provider"]);
    const { stdout } = await run(
      process.execPath,
      ["-e", 'import("cognito-mock-idp").then((m) => console.log(typeof m.startMockIdp))'],
      { cwd: consumer },
    );
    expect(stdout.trim()).toBe("function");
  });

  it("types its API for TypeScript consumers (nodenext, strict)", async () => {
    writeFileSync(
      join(consumer, "check.ts"),
      [
        'import { type MockIdp, type MockPool, startMockIdp } from "cognito-mock-idp";',
        'const idp: MockIdp = await startMockIdp({ port: 0, quiet: true, issuer: "local" });',
        "const pool: MockPool | undefined = idp.pool(idp.userPoolId);",
        "const hostedUi: string | undefined = pool?.hostedUiUrl;",
        "// @ts-expect-error the URL is a string: the types are real, not any",
        "const wrong: number = idp.url;",
        "console.log(hostedUi, wrong);",
        "await idp.stop();",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          target: "es2023",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ["check.ts"],
      }),
    );
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    await run(process.execPath, [tsc, "-p", join(consumer, "tsconfig.json")], { cwd: consumer });
  });

  it("started with npx, its API creates a second pool whose hosted UI signs a user in with openid-client", async () => {
    const sdk = sdkFor(url, "us-east-1");
    const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: "second" }));
    const userPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: "web",
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email", "profile"],
        SupportedIdentityProviders: ["COGNITO"],
        CallbackURLs: [CALLBACK],
      }),
    );
    for (const command of [
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: "packed@example.com",
        UserAttributes: [{ Name: "name", Value: "Packed User" }],
        MessageAction: "SUPPRESS",
      }),
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: "packed@example.com",
        Password: "Packed-Passw0rd!",
        Permanent: true,
      }),
    ]) {
      await sdk.send(command as AdminCreateUserCommand);
    }
    sdk.destroy();

    // The local issuer mode: the pool's issuer is http://localhost:<port>/<poolId>, where its
    // discovery document is, as any OIDC client expects.
    const config = await oidc.discovery(
      new URL(`${url}/${userPoolId}`),
      UserPoolClient?.ClientId as string,
      UserPoolClient?.ClientSecret as string,
      undefined,
      { execute: [oidc.allowInsecureRequests] },
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const authorize = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: "openid email profile",
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });
    expect(authorize.pathname).toBe(`/${userPoolId}/oauth2/authorize`);

    const browser = new TestBrowser(url);
    const toLogin = await browser.fetch(authorize.href);
    const login = new URL(toLogin.headers.get("location") ?? "", url);
    const page = await (await browser.fetch(login.href)).text();
    const action = new URL(
      (/action="([^"]+)"/.exec(page)?.[1] ?? "").replaceAll("&amp;", "&"),
      url,
    );
    expect(action.pathname).toBe(`/${userPoolId}/login`);
    const answer = await browser.fetch(
      action.href,
      form({
        _csrf: hiddenField(page, "_csrf"),
        username: "packed@example.com",
        password: "Packed-Passw0rd!",
      }),
    );
    const callback = new URL(answer.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.claims()).toMatchObject({
      iss: `${url}/${userPoolId}`,
      aud: UserPoolClient?.ClientId,
      email: "packed@example.com",
      name: "Packed User",
    });
    const info = await oidc.fetchUserInfo(
      config,
      tokens.access_token,
      tokens.claims()?.sub as string,
    );
    expect(info.email).toBe("packed@example.com");
  });
});

/**
 * A consumer project depending on the tarball, installed with `npm ci --offline`: its lockfile
 * pins the tarball's dependencies (and theirs) to the repository's lockfile, so npm takes them
 * from the cache the repository's own `npm ci` filled, and asks no registry.
 */
async function installOffline(dir: string, packed: string): Promise<void> {
  const { stdout } = await run("tar", ["-xzOf", packed, "package/package.json"]);
  const manifest = JSON.parse(stdout) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")).packages as Record<
    string,
    { version?: string; dependencies?: Record<string, string>; [key: string]: unknown }
  >;
  const packages: Record<string, unknown> = {};
  const wanted = Object.keys(manifest.dependencies);
  while (wanted.length > 0) {
    const name = wanted.pop() as string;
    const path = `node_modules/${name}`;
    if (packages[path]) continue;
    if (!lock[path]?.version) throw new Error(`${name} is not in the repository's lockfile`);
    // The package and the copies nested under it (where a dependency needs another version).
    for (const [key, entry] of Object.entries(lock)) {
      if (key !== path && !key.startsWith(`${path}/node_modules/`)) continue;
      const { dev: _dev, devOptional: _devOptional, optional: _optional, ...kept } = entry;
      packages[key] = kept;
      wanted.push(...Object.keys(entry.dependencies ?? {}));
    }
  }
  const direct = { [manifest.name]: `file:${packed}` };
  packages[`node_modules/${manifest.name}`] = {
    version: manifest.version,
    resolved: `file:${packed}`,
    integrity: `sha512-${createHash("sha512").update(readFileSync(packed)).digest("base64")}`,
    dependencies: manifest.dependencies,
    bin: { [manifest.name]: "dist/cli.js" },
  };
  mkdirSync(dir, { recursive: true });
  const project = { name: "consumer", private: true, type: "module", dependencies: direct };
  writeFileSync(join(dir, "package.json"), JSON.stringify(project, null, 2));
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({
      name: "consumer",
      lockfileVersion: 3,
      requires: true,
      packages: { "": { name: "consumer", dependencies: direct }, ...packages },
    }),
  );
  await run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
}

/** The URL the mock prints once it listens (port 0 picks a free one). */
async function listeningUrl(child: ChildProcess): Promise<string> {
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from the mock: ${output}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the mock exited with ${code}: ${output}`));
    });
  });
}
