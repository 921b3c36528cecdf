import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockIdp, startMockIdp } from "./index.ts";
import { createMemoryStore } from "./memory-store.ts";
import { MAX_PENDING_SIGN_INS } from "./provider.ts";
import { authorizeQuery, TestBrowser } from "./test-support.ts";

let idp: MockIdp;
beforeAll(async () => {
  idp = await startMockIdp({ port: 0, quiet: true });
});
afterAll(() => idp.stop());

/** GET `path` with a Host header of our choosing (fetch would send the URL's). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(idp.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("Host header", () => {
  it("answers loopback names, with or without a port, in any case", async () => {
    const { port } = new URL(idp.url);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "LOCALHOST"]) {
      const res = await getWithHost("/.well-known/openid-configuration", host);
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body).token_endpoint).toBe(`http://${host}/oauth2/token`);
    }
  });

  it("refuses any other name with a 400 page that does not repeat it (DNS rebinding)", async () => {
    const { port } = new URL(idp.url);
    for (const host of [
      `rebind.attacker.example:${port}`,
      `localhost.attacker.example:${port}`,
      `127.0.0.2:${port}`,
      `localhost:${port}@evil.example`,
    ]) {
      for (const path of [
        "/.well-known/openid-configuration",
        "/oauth2/authorize",
        "/login",
        "/",
      ]) {
        const res = await getWithHost(path, host);
        expect(res.status, `${host} ${path}`).toBe(400);
        expect(res.body).toContain("answers only on localhost");
        expect(res.body).not.toMatch(/attacker|evil|127\.0\.0\.2/);
      }
    }
  });
});

describe("pending sign-ins", () => {
  it("are capped, the oldest forgotten first", async () => {
    const store = createMemoryStore({ Interaction: 3 });
    const interactions = store.adapterFor("Interaction");
    const sessions = store.adapterFor("Session");
    for (const id of ["a", "b", "c", "d", "e"]) {
      await interactions.upsert(id, { kind: "Interaction" }, 3600);
      await sessions.upsert(id, { kind: "Session" }, 3600);
    }
    // Saving a known one again does not make it new.
    await interactions.upsert("c", { kind: "Interaction", saved: 2 }, 3600);
    expect(await interactions.find("a")).toBeUndefined();
    expect(await interactions.find("b")).toBeUndefined();
    for (const id of ["c", "d", "e"]) expect(await interactions.find(id), id).toBeDefined();
    // Other models are not capped.
    for (const id of ["a", "b", "c", "d", "e"]) expect(await sessions.find(id), id).toBeDefined();
    await interactions.destroy("d");
    await interactions.upsert("f", { kind: "Interaction" }, 3600);
    expect(await interactions.find("c")).toBeDefined();
  });

  it(`keep at most ${MAX_PENDING_SIGN_INS} abandoned sign-ins: the oldest is forgotten`, async () => {
    // Each from its own browser, as a flood of abandoned sign-ins would come; oldest first.
    const start = async (i: number) => {
      const browser = new TestBrowser(idp.url);
      const res = await browser.fetch(
        `/oauth2/authorize?${authorizeQuery(idp, { state: `abandoned-${i}` })}`,
      );
      expect(res.status).toBe(302);
      return { browser, loginUrl: res.headers.get("location") ?? "" };
    };
    const first = await start(0);
    const second = await start(1);
    for (let i = 2; i <= MAX_PENDING_SIGN_INS; i += 25) {
      const batch = Array.from(
        { length: Math.min(25, MAX_PENDING_SIGN_INS + 1 - i) },
        (_, j) => i + j,
      );
      await Promise.all(batch.map(start));
    }
    // The oldest form is gone: /login starts that sign-in over, as with no sign-in in progress.
    const oldest = await first.browser.fetch(first.loginUrl);
    expect(oldest.status).toBe(302);
    expect(new URL(oldest.headers.get("location") ?? "", idp.url).pathname).toBe(
      "/oauth2/authorize",
    );
    // The next one, still within the cap, shows its form.
    const kept = await second.browser.fetch(second.loginUrl);
    expect(kept.status).toBe(200);
    expect(await kept.text()).toContain("cognitoSignInForm");
  });
});
