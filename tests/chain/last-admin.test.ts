// Binds registered local ports: run under `flock /tmp/ports.lock`.
// The last-admin guard under concurrency: two admins demote (or disable) each other at the same
// moment, against the mock IdP's real user-pool API. Cognito has no transactions, so the guard
// serialises steps per pool in one container and, across containers, re-reads the admins group
// after a step that took an admin away and undoes it if none is left. Both orders, every round.
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { LocalServer } from "@cognito-dashboard/dashboard";
import { CognitoUserAdmin } from "@cognito-dashboard/dashboard/user-admin";
import { ADMINS_GROUP, mockUserPoolApi } from "@cognito-dashboard/local-dev";
import type { MockIdp, MockUser } from "@cognito-dashboard/mock-idp";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type Actor, runUserAction } from "../../packages/dashboard/src/user-admin/user-actions.ts";
import { Browser } from "./browser.ts";
import { apiMe, logIn, PASSWORD, startDashboard, startIdp } from "./harness.ts";

const PORT = 8000;
const APP = `http://localhost:${PORT}`;
const XENA: MockUser = {
  email: "xena.admin@example.com",
  password: PASSWORD,
  name: "Xena Admin",
  groups: [ADMINS_GROUP],
};
const YURI: MockUser = {
  email: "yuri.admin@example.com",
  password: PASSWORD,
  name: "Yuri Admin",
  groups: [ADMINS_GROUP],
};
const ROUNDS = 5;

let idp: MockIdp;
let dashboard: LocalServer;
let sdk: CognitoIdentityProviderClient;
let pool: CognitoUserAdmin;
let x: Actor;
let y: Actor;

beforeAll(async () => {
  // The only two admins of their pool.
  idp = await startIdp({ users: [XENA, YURI] });
  dashboard = await startDashboard(PORT, idp);
  const settings = mockUserPoolApi(idp.url, idp.userPoolId);
  sdk = new CognitoIdentityProviderClient(settings);
  pool = new CognitoUserAdmin({ ...settings, userPoolId: idp.userPoolId }, sdk);
  const { users } = await pool.listUsers();
  const actorFor = (email: string): Actor => {
    const u = users.find((candidate) => candidate.email === email);
    if (!u) throw new Error(`${email} is not in the pool`);
    return { sub: u.sub, username: u.username, email: u.email };
  };
  x = actorFor(XENA.email);
  y = actorFor(YURI.email);
});
beforeEach(() => {
  // The refusals are logged; keep the test output for the test's own lines.
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "warn").mockImplementation(() => {});
  return () => vi.restoreAllMocks();
});
afterAll(async () => {
  sdk?.destroy();
  await dashboard?.close();
  await idp?.stop();
});

/** Both admins back to enabled members of the admins group. */
async function restoreBoth(): Promise<void> {
  for (const actor of [x, y]) {
    const u = await pool.getUser(actor.username);
    if (!u.enabled) await pool.enable(actor.username);
    if (!u.groups.includes(ADMINS_GROUP)) await pool.addToGroup(actor.username, ADMINS_GROUP);
  }
}

async function enabledAdmins(): Promise<string[]> {
  const members = await pool.groupMembers(ADMINS_GROUP);
  return members.filter((m) => m.enabled).map((m) => m.username);
}

/** A container of its own: its own SDK client and operations object, as another Lambda has. */
function container(): CognitoUserAdmin {
  const settings = mockUserPoolApi(idp.url, idp.userPoolId);
  return new CognitoUserAdmin({ ...settings, userPoolId: idp.userPoolId });
}

describe("two admins taking each other's rights at the same moment", () => {
  for (const step of ["remove_admin", "disable"] as const) {
    it(`${step}, from two containers, both orders: an enabled admin is always left`, async () => {
      const outcomes = new Set<string>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const [first, second] of [
          [x, y],
          [y, x],
        ] as const) {
          await restoreBoth();
          const [one, two] = [container(), container()];
          try {
            const settled = await Promise.allSettled([
              runUserAction(one, first, step, second.username),
              runUserAction(two, second, step, first.username),
            ]);
            const left = await enabledAdmins();
            expect(left.length, `round ${round}: ${JSON.stringify(settled)}`).toBeGreaterThan(0);
            // Whoever is refused is refused in words, never left half done.
            for (const s of settled) {
              if (s.status === "rejected") {
                expect(s.reason).toMatchObject({
                  code: expect.stringMatching(/^(last_admin|not_admin_anymore)$/),
                });
              }
            }
            outcomes.add(settled.map((s) => s.status).join(","));
          } finally {
            one.destroy();
            two.destroy();
          }
        }
      }
      // Never both done: that is the pool without an admin.
      expect(outcomes.has("fulfilled,fulfilled")).toBe(false);
    });
  }

  it("over HTTP through one dashboard, both orders: one demotion stands, the other is refused", async () => {
    await restoreBoth();
    const browsers = { x: new Browser(), y: new Browser() };
    await logIn(browsers.x, APP, "/admin/users", XENA, idp);
    await logIn(browsers.y, APP, "/admin/users", YURI, idp);
    const token = async (b: Browser) =>
      String(((await apiMe(b, APP)).body as { csrfToken: string }).csrfToken);
    const tokens = { x: await token(browsers.x), y: await token(browsers.y) };
    const demote = (who: "x" | "y", target: Actor) =>
      browsers[who]
        .request(`${APP}/api/admin/users/${target.username}/remove-admin`, {
          method: "POST",
          headers: { accept: "application/json", "x-csrf-token": tokens[who] },
        })
        .then(async (res) => ({ status: res.status, body: await res.json() }));
    // Few rounds: the sessions must stay well inside the middleware's re-check interval.
    for (let round = 0; round < 2; round++) {
      for (const order of [
        ["x", "y"],
        ["y", "x"],
      ] as const) {
        await restoreBoth();
        const answers = await Promise.all(order.map((who) => demote(who, who === "x" ? y : x)));
        expect((await enabledAdmins()).length).toBe(1);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 403]);
        expect(answers.find((a) => a.status === 403)?.body).toMatchObject({
          error: "not_admin_anymore",
        });
      }
    }
  });
});
