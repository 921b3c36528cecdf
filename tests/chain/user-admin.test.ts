// Binds registered local ports: run under `flock /tmp/ports.lock`.
// User administration over real HTTP: the dashboard's /admin/users pages and /api/admin/users,
// the real AWS SDK inside the dashboard, and the mock IdP's user-pool API and hosted UI.
import {
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { type LocalServer, resolveConfig, startLocalServer } from "@cognito-dashboard/dashboard";
import { CognitoUserAdmin } from "@cognito-dashboard/dashboard/user-admin";
import { mockUserPoolApi } from "@cognito-dashboard/local-dev";
import type { MockIdp } from "@cognito-dashboard/mock-idp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Browser, parseForms, type Visit } from "./browser.ts";
import {
  ADMIN,
  apiMe,
  DEMO,
  describeHops,
  logIn,
  openLoginForm,
  PASSWORD,
  startDashboard,
  startIdp,
  submitLogin,
} from "./harness.ts";

const PORT = 8000;
const APP = `http://localhost:${PORT}`;
const USERS = `${APP}/admin/users`;
const NEW_PASSWORD = "Colleague-chose-this-1!";

let idp: MockIdp;
let dashboard: LocalServer;
let pool: CognitoUserAdmin;
let sdk: CognitoIdentityProviderClient;
let admin: Browser;
let logLines: string[] = [];

beforeAll(async () => {
  idp = await startIdp();
  dashboard = await startDashboard(PORT, idp);
  // The test's own view of the pool, through the same SDK and the mock's API.
  const settings = mockUserPoolApi(idp.url, idp.userPoolId);
  sdk = new CognitoIdentityProviderClient(settings);
  pool = new CognitoUserAdmin({ ...settings, userPoolId: idp.userPoolId }, sdk);
  admin = new Browser();
  await logIn(admin, APP, "/admin/users", ADMIN, idp);
});
// The dashboard logs every step; the tests read those lines instead of printing them.
beforeEach(captureLogs);
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(async () => {
  sdk?.destroy();
  await dashboard?.close();
  await idp?.stop();
});

/** Captures the dashboard's log lines (it runs in this process). */
function captureLogs(): void {
  logLines = [];
  const keep = (...args: unknown[]) => {
    logLines.push(args.map(String).join(" "));
  };
  vi.spyOn(console, "log").mockImplementation(keep);
  vi.spyOn(console, "warn").mockImplementation(keep);
}

/** The user-admin log lines, parsed. */
function adminLog(): Record<string, unknown>[] {
  return logLines
    .filter((line) => line.includes('"msg":"user admin"'))
    .map((line) => JSON.parse(line));
}

/** The form on a page whose action ends with `suffix`. */
function formEndingWith(page: Visit, suffix: string) {
  const form = parseForms(page.body, page.url).find((f) => f.action.endsWith(suffix));
  if (!form) throw new Error(`no form posting to …${suffix} on ${page.url}`);
  return form;
}

/** Fills and sends the invitation form as a person would, from the form page, boxes ticked. */
async function invite(
  browser: Browser,
  email: string,
  name: string,
  groups: string[] = [],
): Promise<Visit> {
  const page = await browser.navigate(`${USERS}/invite`);
  expect(page.response.status).toBe(200);
  const form = formEndingWith(page, "/admin/users/invite");
  return browser.navigate(form.action, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams([
      ...Object.entries(form.hidden),
      ["email", email],
      ["name", name],
      ...groups.map((group) => ["groups", group]),
    ]).toString(),
  });
}

async function userByEmail(email: string) {
  const { users } = await pool.listUsers({ emailPrefix: email });
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`${email} is not in the pool`);
  return user;
}

/** The invitation mail the mock would have sent, with its temporary password. */
function invitationTo(email: string) {
  const mail = idp
    .outbox()
    .filter((m) => m.kind === "invitation" && m.to === email)
    .at(-1);
  if (!mail?.temporaryPassword) throw new Error(`no invitation to ${email} in the outbox`);
  return mail;
}

/** The colleague's first sign-in: temporary password, then the hosted UI's new-password step. */
async function firstSignIn(browser: Browser, email: string, temporary: string): Promise<Visit> {
  const form = await openLoginForm(browser, `${APP}/`, idp);
  const step = await submitLogin(browser, form, { email, password: temporary });
  expect(new URL(step.url).origin, `the new-password step after ${describeHops(step)}`).toBe(
    idp.url,
  );
  const newPassword = parseForms(step.body, step.url).find((f) =>
    f.fieldNames.includes("newPassword"),
  );
  if (!newPassword) throw new Error(`no new-password form on ${step.url}`);
  return browser.submit(newPassword.action, {
    ...newPassword.hidden,
    newPassword: NEW_PASSWORD,
    confirmPassword: NEW_PASSWORD,
  });
}

/** The session's CSRF token, as a script reads it from /api/me. */
async function csrfTokenOf(browser: Browser): Promise<string> {
  const me = await apiMe(browser, APP);
  expect(me.status).toBe(200);
  return String((me.body as { csrfToken?: unknown }).csrfToken);
}

/** A permanent password set by hand (AdminSetUserPassword), for users the tests sign in as. */
async function setPassword(username: string, password: string): Promise<void> {
  await sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: idp.userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
}

async function api(
  browser: Browser,
  method: string,
  path: string,
  options: { body?: unknown; csrf?: string | null } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.csrf !== null) headers["x-csrf-token"] = options.csrf ?? (await csrfTokenOf(browser));
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const res = await browser.request(`${APP}/api/admin/users${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("the users page", () => {
  it("lists the pool's users with their status, enabled state and groups", async () => {
    const page = await admin.navigate(USERS);
    expect(page.response.status).toBe(200);
    // Rows link each email to the user's page (the admin's own is also in the nav bar).
    expect(page.body).toContain(`${ADMIN.email}</a>`);
    expect(page.body).toContain(`${DEMO.email}</a>`);
    expect(page.body).toContain("active");
    expect(page.body).toContain('<span class="chip">admins</span>');
    expect(page.body).toContain("(you)");
    // Reached from the admin page and the nav bar.
    const adminPage = await admin.navigate(`${APP}/admin`);
    expect(adminPage.body.match(/href="\/admin\/users"/g)?.length).toBe(2);
  });

  it("searches part of an email or a name, filters by status, sorts, and pages", async () => {
    for (let i = 0; i < 27; i++) {
      await pool.invite({
        email: `paged-${String(i).padStart(2, "0")}@example.com`,
        name: `P ${i}`,
      });
    }
    const search = await admin.navigate(`${USERS}?q=PAGED-`);
    expect([...search.body.matchAll(/paged-\d\d@example\.com<\/a>/g)].length).toBe(25);
    expect(search.body).not.toContain(`${DEMO.email}</a>`);
    expect(search.body).toContain("Page 1 of 2 · 27 people");
    const next = search.body.match(/href="(\/admin\/users\?q=PAGED-&amp;page=2)">Next page/);
    expect(next, "a Next page link keeping the search").not.toBeNull();
    const second = await admin.navigate(`${APP}${(next?.[1] ?? "").replaceAll("&amp;", "&")}`);
    expect(second.response.status).toBe(200);
    expect([...second.body.matchAll(/paged-\d\d@example\.com<\/a>/g)].length).toBe(2);
    expect(second.body).toContain("Previous page");

    // By name, by status, newest first.
    const byName = await admin.navigate(`${USERS}?q=${encodeURIComponent("dan demo")}`);
    expect(byName.body).toContain(`${DEMO.email}</a>`);
    const invited = await admin.navigate(`${USERS}?status=invited&sort=created`);
    const emails = [...invited.body.matchAll(/>(paged-\d\d)@example\.com<\/a>/g)].map((m) => m[1]);
    // Newest first by the pool's own creation dates: invitations made in a loop may share a
    // millisecond, so the first row is one of the newest, not necessarily the last one made.
    const listed = await sdk.send(
      new ListUsersCommand({ UserPoolId: idp.userPoolId, Filter: 'email ^= "paged-"' }),
    );
    const created = (listed.Users ?? []).map((u) => ({
      name: u.Attributes?.find((a) => a.Name === "email")?.Value?.split("@")[0],
      at: u.UserCreateDate?.getTime() ?? 0,
    }));
    const newest = Math.max(...created.map((u) => u.at));
    expect(created).toHaveLength(27);
    expect(created.filter((u) => u.at === newest).map((u) => u.name)).toContain(emails[0]);
    expect(invited.body).not.toContain(`${DEMO.email}</a>`);
    const active = await admin.navigate(`${USERS}?status=active`);
    expect(active.body).toContain(`${DEMO.email}</a>`);
    expect(active.body).not.toContain("paged-00@example.com</a>");

    for (const bad of [
      "status=everyone",
      "sort=password",
      "page=0",
      `q=${encodeURIComponent("a\u0000")}`,
    ]) {
      const refused = await admin.navigate(`${USERS}?${bad}`);
      expect(refused.response.status, bad).toBe(400);
    }
  });
});

describe("inviting, and what an admin can do to a user", () => {
  it("invites: Cognito's mail carries a temporary password, the page says what happened", async () => {
    const landed = await invite(admin, "cleo.colleague@example.com", "Cleo Colleague");
    expect(landed.hops[0]?.status, "POST answered with a redirect").toBe(303);
    expect(landed.url).toMatch(/\/admin\/users\/[^/?]+$/);
    expect(landed.body).toContain("Invitation sent to cleo.colleague@example.com");
    expect(landed.body).toContain("invited, not signed in yet");
    const mail = invitationTo("cleo.colleague@example.com");
    expect(mail.temporaryPassword?.length).toBeGreaterThanOrEqual(8);
    expect(adminLog()).toEqual([
      expect.objectContaining({
        action: "invite",
        outcome: "done",
        actor: ADMIN.email,
        targetEmail: "cleo.colleague@example.com",
      }),
    ]);
    // Nothing secret in any line: not the temporary password, not the CSRF token.
    const csrf = await csrfTokenOf(admin);
    expect(csrf.length).toBeGreaterThan(16);
    for (const line of logLines) {
      expect(line).not.toContain(mail.temporaryPassword);
      expect(line).not.toContain(csrf);
    }
  });

  it("invites with a role, edits a name, and sets any of the pool's groups", async () => {
    await sdk.send(
      new CreateGroupCommand({
        UserPoolId: idp.userPoolId,
        GroupName: "editors",
        Description: "May edit the reports",
      }),
    );
    const form = await admin.navigate(`${USERS}/invite`);
    expect(form.body).toContain('value="editors"');
    expect(form.body).toContain("May edit the reports");
    const landed = await invite(admin, "rita.role@example.com", "Rita Role", ["admins", "editors"]);
    expect(landed.body).toContain("Invitation sent to rita.role@example.com");
    const rita = await userByEmail("rita.role@example.com");
    expect((await pool.getUser(rita.username)).groups).toEqual(["admins", "editors"]);

    const rename = formEndingWith(landed, "/name");
    const renamed = await admin.submit(rename.action, { ...rename.hidden, name: "Rita Renamed" });
    expect(renamed.body).toContain("rita.role@example.com&#39;s name is now Rita Renamed.");
    expect((await pool.getUser(rita.username)).name).toBe("Rita Renamed");

    const groups = formEndingWith(renamed, "/groups");
    const regrouped = await admin.submit(groups.action, { ...groups.hidden, groups: "editors" });
    expect(regrouped.body).toContain("groups are now: editors.");
    expect((await pool.getUser(rita.username)).groups).toEqual(["editors"]);
    const none = await admin.submit(groups.action, groups.hidden);
    expect(none.body).toContain("is in no group now.");
    expect((await pool.getUser(rita.username)).groups).toEqual([]);

    // A group the pool does not have: 400, nothing changed.
    const unknown = await api(admin, "POST", `/${rita.username}/groups`, {
      body: { groups: ["no-such-group"] },
    });
    expect(unknown).toMatchObject({ status: 400, body: { error: "invalid_group" } });
    const viaApi = await api(admin, "POST", `/${rita.username}/name`, { body: { name: "Rita" } });
    expect(viaApi).toMatchObject({ status: 200, body: { user: { name: "Rita" } } });
    expect(
      adminLog()
        .filter((l) => l.outcome === "done")
        .map((l) => l.action),
    ).toEqual(["invite", "rename", "set_groups", "set_groups", "rename"]);
  });

  it("an invitation whose groups Cognito then fails to add: sent all the same, the page says what is left", async () => {
    await sdk.send(new CreateGroupCommand({ UserPoolId: idp.userPoolId, GroupName: "reviewers" }));
    // Every attempt the SDK makes at the first group (3) is throttled: none is added.
    idp.apiFaults.throttle("AdminAddUserToGroup", 3);
    const landed = await invite(admin, "paula.partial@example.com", "Paula Partial", [
      "reviewers",
      "admins",
    ]);
    const paula = await userByEmail("paula.partial@example.com");
    // The person's page, not the form with an error: asked again, the invitation would only
    // meet "Someone with this email already exists".
    expect(landed.response.status).toBe(200);
    expect(landed.url).toBe(`${USERS}/${paula.username}`);
    expect(landed.body).toMatch(
      /<p class="flash error" role="status">Invitation sent to paula.partial@example.com, but not every group you chose could be added/,
    );
    expect(landed.body).toContain("invited, not signed in yet");
    expect(invitationTo(paula.email).temporaryPassword).toBeTruthy();
    expect((await pool.getUser(paula.username)).groups).toEqual([]);
    expect(adminLog().map((l) => [l.action, l.outcome, l.code, l.cause])).toEqual([
      ["invite", "done", undefined, undefined],
      ["set_groups", "failed", "throttled", "TooManyRequestsException"],
    ]);
    // The groups form on that page adds them.
    const groups = formEndingWith(landed, "/groups");
    const fixed = await admin.navigate(groups.action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams([
        ...Object.entries(groups.hidden),
        ["groups", "reviewers"],
        ["groups", "admins"],
      ]).toString(),
    });
    expect(fixed.body).toContain("groups are now: admins, reviewers.");

    // The API says the same: 201, and the groups not added.
    idp.apiFaults.throttle("AdminAddUserToGroup", 3);
    const created = await api(admin, "POST", "", {
      body: { email: "api.partial@example.com", name: "Api Partial", groups: ["reviewers"] },
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        user: { email: "api.partial@example.com", groups: [] },
        groupsNotAdded: ["reviewers"],
      },
    });
    const complete = await api(admin, "POST", "", {
      body: { email: "api.complete@example.com", name: "Api Complete", groups: ["reviewers"] },
    });
    expect(complete).toMatchObject({
      status: 201,
      body: { user: { groups: ["reviewers"] }, groupsNotAdded: [] },
    });
  });

  it("resends an invitation with a new temporary password", async () => {
    const cleo = await userByEmail("cleo.colleague@example.com");
    const before = invitationTo(cleo.email).temporaryPassword;
    const page = await admin.navigate(`${USERS}/${cleo.username}`);
    const form = formEndingWith(page, "/resend-invitation");
    const done = await admin.submit(form.action, form.hidden);
    expect(done.body).toContain("A new invitation is on its way to cleo.colleague@example.com");
    expect(invitationTo(cleo.email).temporaryPassword).not.toBe(before);
  });

  it("makes and unmakes an admin, disables, enables, resets and deletes, confirming what takes access away", async () => {
    const invited = await invite(admin, "dora.delete@example.com", "Dora Delete");
    const dora = await userByEmail("dora.delete@example.com");
    const base = `${USERS}/${dora.username}`;
    expect(invited.url).toBe(base);

    const makeAdmin = formEndingWith(invited, "/make-admin");
    const promoted = await admin.submit(makeAdmin.action, makeAdmin.hidden);
    expect(promoted.url).toBe(base);
    expect(promoted.body).toContain("dora.delete@example.com is now an admin");
    expect((await pool.getUser(dora.username)).groups).toEqual(["admins"]);

    // Steps that take access away are links to a confirmation page; its button is the POST.
    expect(promoted.body).toContain(`href="/admin/users/${dora.username}/remove-admin"`);
    const confirmDemotion = await admin.navigate(`${base}/remove-admin`);
    expect(confirmDemotion.body).toContain("Remove admin rights from dora.delete@example.com?");
    const demote = formEndingWith(confirmDemotion, "/remove-admin");
    const demoted = await admin.submit(demote.action, demote.hidden);
    expect(demoted.body).toContain("is no longer an admin");
    expect((await pool.getUser(dora.username)).groups).toEqual([]);

    const confirmDisable = await admin.navigate(`${base}/disable`);
    expect(confirmDisable.body).toContain("lose access within a minute");
    const disable = formEndingWith(confirmDisable, "/disable");
    const disabled = await admin.submit(disable.action, disable.hidden);
    expect(disabled.body).toContain("dora.delete@example.com is disabled");
    expect((await pool.getUser(dora.username)).enabled).toBe(false);

    const enable = formEndingWith(disabled, "/enable");
    const enabled = await admin.submit(enable.action, enable.hidden);
    expect(enabled.body).toContain("is enabled again");
    expect((await pool.getUser(dora.username)).enabled).toBe(true);

    // An enabled user cannot be deleted: the confirmation page already says so.
    const early = await admin.navigate(`${base}/delete`);
    expect(early.response.status).toBe(409);
    expect(early.body).toContain("Only a disabled user can be deleted");

    await admin.submit(formEndingWith(await admin.navigate(`${base}/disable`), "/disable").action, {
      _csrf: disable.hidden._csrf ?? "",
    });
    const confirmDelete = await admin.navigate(`${base}/delete`);
    expect(confirmDelete.body).toContain("This cannot be undone");
    const del = formEndingWith(confirmDelete, "/delete");
    const deleted = await admin.submit(del.action, del.hidden);
    expect(deleted.url).toBe(USERS);
    expect(deleted.body).toContain("The user was deleted.");
    await expect(pool.getUser(dora.username)).rejects.toMatchObject({ code: "user_not_found" });
  });

  it("resets a password: Cognito mails a code and the user must choose a new password", async () => {
    const demo = await userByEmail(DEMO.email);
    const confirm = await admin.navigate(`${USERS}/${demo.username}/reset-password`);
    expect(confirm.body).toContain(`Reset the password of ${DEMO.email}?`);
    const form = formEndingWith(confirm, "/reset-password");
    const done = await admin.submit(form.action, form.hidden);
    expect(done.body).toContain(`${DEMO.email} must choose a new password`);
    expect((await pool.getUser(demo.username)).status).toBe("RESET_REQUIRED");
    expect(idp.outbox().some((m) => m.kind === "password-reset" && m.to === DEMO.email)).toBe(true);
    // Back to a known password for the tests that sign in as the demo user.
    await setPassword(demo.username, PASSWORD);
  });
});

describe("every refusal", () => {
  it("a user outside the admins group: 403 page for the pages and the POSTs, 403 JSON for the API", async () => {
    const demo = new Browser();
    await logIn(demo, APP, "/", DEMO, idp);
    const token = await csrfTokenOf(demo);
    expect((await demo.navigate(USERS)).response.status).toBe(403);
    const post = await demo.submit(`${USERS}/invite`, {
      _csrf: token,
      email: "sneaky@example.com",
      name: "Sneaky",
    });
    expect(post.response.status).toBe(403);
    const json = await api(demo, "POST", "", { body: { email: "sneaky@example.com", name: "S" } });
    expect(json).toMatchObject({ status: 403, body: { error: "not_in_group" } });
    await expect(userByEmail("sneaky@example.com")).rejects.toThrow(/not in the pool/);
  });

  it("no session: the pages go to sign in, the API answers 401 JSON", async () => {
    const nobody = new Browser();
    const page = await nobody.request(USERS);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/login\/cognito/);
    const json = await api(nobody, "GET", "", { csrf: null });
    expect(json).toMatchObject({ status: 401, body: { error: "unauthenticated" } });
  });

  it("a missing or wrong CSRF token changes nothing", async () => {
    const demo = await userByEmail(DEMO.email);
    for (const fields of [{}, { _csrf: "not-the-token" }] as Record<string, string>[]) {
      const refused = await admin.submit(`${USERS}/${demo.username}/disable`, fields);
      expect(refused.response.status).toBe(403);
      expect(refused.body).toContain("This request could not be verified");
      const invited = await admin.submit(`${USERS}/invite`, {
        ...fields,
        email: "csrf-victim@example.com",
        name: "Victim",
      });
      expect(invited.response.status).toBe(403);
    }
    expect((await pool.getUser(demo.username)).enabled).toBe(true);
    await expect(userByEmail("csrf-victim@example.com")).rejects.toThrow(/not in the pool/);

    for (const csrf of [null, "wrong"]) {
      const json = await api(admin, "POST", `/${demo.username}/disable`, { csrf });
      expect(json).toMatchObject({ status: 403, body: { error: "csrf_mismatch" } });
    }
    expect((await pool.getUser(demo.username)).enabled).toBe(true);
  });

  it("a field sent twice is refused with 400, whichever copy is right", async () => {
    const demo = await userByEmail(DEMO.email);
    const token = await csrfTokenOf(admin);
    const post = (path: string, body: string) =>
      admin.navigate(`${USERS}${path}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    const twice = await post(`/${demo.username}/disable`, `_csrf=wrong&_csrf=${token}`);
    expect(twice.response.status).toBe(400);
    expect(twice.body).toContain("the same field more than once");
    expect((await pool.getUser(demo.username)).enabled).toBe(true);
    const two = await post(
      "/invite",
      `_csrf=${token}&email=first.copy@example.com&email=second.copy@example.com&name=Copy`,
    );
    expect(two.response.status).toBe(400);
    await expect(userByEmail("second.copy@example.com")).rejects.toThrow(/not in the pool/);
    await expect(userByEmail("first.copy@example.com")).rejects.toThrow(/not in the pool/);
  });

  it("a step the user's state forbids, posted directly: 409 user_state, nothing done, nothing logged as done", async () => {
    await pool.invite({ email: "state.check@example.com", name: "State Check" });
    const user = await userByEmail("state.check@example.com");
    const token = await csrfTokenOf(admin);
    // Not an admin: removing admin rights does not apply (page and API).
    const page = await admin.submit(`${USERS}/${user.username}/remove-admin`, { _csrf: token });
    expect(page.response.status).toBe(409);
    expect(page.body).toContain("does not apply to this user");
    expect(await api(admin, "POST", `/${user.username}/remove-admin`)).toMatchObject({
      status: 409,
      body: { error: "user_state" },
    });
    await pool.disable(user.username);
    for (const step of ["make-admin", "disable", "reset-password"]) {
      const refused = await api(admin, "POST", `/${user.username}/${step}`);
      expect(refused, step).toMatchObject({ status: 409, body: { error: "user_state" } });
    }
    const after = await pool.getUser(user.username);
    expect(after.groups).toEqual([]);
    expect(after.enabled).toBe(false);
    const lines = adminLog().filter((l) => l.targetUsername === user.username);
    expect(lines.length).toBe(5);
    for (const line of lines) expect(line).toMatchObject({ outcome: "refused" });
  });

  it("says a step is done only after this dashboard did it: a link cannot make a page say so", async () => {
    const demo = await userByEmail(DEMO.email);
    for (const query of ["?done=disable", "?done=make_admin", "?done=delete"]) {
      const page = await admin.navigate(`${USERS}/${demo.username}${query}`);
      expect(page.response.status).toBe(200);
      expect(page.body).not.toContain('class="flash"');
    }
    expect((await admin.navigate(`${USERS}?done=delete`)).body).not.toContain("was deleted");
  });

  it("a former admin learns nothing about who exists: the same 403 for known and unknown users", async () => {
    await pool.invite({ email: "former.admin@example.com", name: "Former Admin" });
    const former = await userByEmail("former.admin@example.com");
    await setPassword(former.username, PASSWORD);
    await pool.addToGroup(former.username, "admins");
    const browser = new Browser();
    await logIn(browser, APP, "/admin/users", { ...ADMIN, email: former.email }, idp);
    await pool.removeFromGroup(former.username, "admins");
    const demo = await userByEmail(DEMO.email);
    const unknown = "00000000-0000-4000-8000-000000000000";
    const answers = new Set<string>();
    for (let round = 0; round < 10; round++) {
      for (const username of [demo.username, unknown]) {
        const page = await browser.navigate(`${USERS}/${username}`);
        const json = await api(browser, "GET", `/${username}`, { csrf: null });
        const post = await api(browser, "POST", `/${username}/enable`);
        answers.add(`${page.response.status} ${json.status} ${json.body.error} ${post.body.error}`);
      }
    }
    expect([...answers]).toEqual(["403 403 not_admin_anymore not_admin_anymore"]);
  });

  it("an admin cannot disable, delete or demote themselves, by page or by API", async () => {
    const me = await userByEmail(ADMIN.email);
    const mine = await admin.navigate(`${USERS}/${me.username}`);
    expect(mine.body).toContain("This is your own account");
    expect(mine.body).not.toContain("/disable");
    expect(mine.body).not.toContain("/remove-admin");
    expect((await admin.navigate(`${USERS}/${me.username}/remove-admin`)).response.status).toBe(
      403,
    );

    const token = await csrfTokenOf(admin);
    for (const step of ["remove-admin", "disable"]) {
      const refused = await admin.submit(`${USERS}/${me.username}/${step}`, { _csrf: token });
      expect(refused.response.status, step).toBe(403);
      expect(refused.body).toContain("your own account");
    }
    const json = await api(admin, "POST", `/${me.username}/remove-admin`);
    expect(json).toMatchObject({ status: 403, body: { error: "self_action" } });
    expect((await api(admin, "DELETE", `/${me.username}`)).body).toMatchObject({
      error: "self_action",
    });
    const after = await pool.getUser(me.username);
    expect(after.groups).toEqual(["admins"]);
    expect(after.enabled).toBe(true);
  });

  it("a duplicate email: the form comes back filled in, 409, saying so", async () => {
    const again = await invite(admin, DEMO.email, "Someone Else");
    expect(again.response.status).toBe(409);
    expect(again.body).toContain("Someone with this email already exists.");
    expect(again.body).toContain(`value="${DEMO.email}"`);
    expect(again.body).toContain('value="Someone Else"');
    const json = await api(admin, "POST", "", { body: { email: DEMO.email, name: "X" } });
    expect(json).toMatchObject({ status: 409, body: { error: "user_exists" } });
  });

  it("a malformed email: 400 saying so, from the form and the API", async () => {
    const page = await invite(admin, "not-an-email", "Nobody");
    expect(page.response.status).toBe(400);
    expect(page.body).toContain("This is not an email address");
    const json = await api(admin, "POST", "", { body: { email: "a@b", name: "X" } });
    expect(json).toMatchObject({ status: 400, body: { error: "invalid_email" } });
    const notJson = await api(admin, "POST", "", { body: "email=a@b.c" });
    expect(notJson.status).toBe(400);
  });

  it("a user who vanished between the page and the POST: 404 saying so, never a 500", async () => {
    await pool.invite({ email: "vanishing@example.com", name: "Vanishing" });
    const user = await userByEmail("vanishing@example.com");
    const page = await admin.navigate(`${USERS}/${user.username}`);
    const makeAdmin = formEndingWith(page, "/make-admin");
    await pool.disable(user.username);
    await pool.deleteUser(user.username);
    const late = await admin.submit(makeAdmin.action, makeAdmin.hidden);
    expect(late.response.status).toBe(404);
    expect(late.body).toContain("This user no longer exists");
    expect((await admin.navigate(`${USERS}/${user.username}`)).response.status).toBe(404);
    expect((await api(admin, "POST", `/${user.username}/enable`)).body).toMatchObject({
      error: "user_not_found",
    });
  });

  it("an admin demoted meanwhile loses user administration at once, before their session renews", async () => {
    await pool.invite({ email: "second.admin@example.com", name: "Second Admin" });
    const second = await userByEmail("second.admin@example.com");
    await setPassword(second.username, PASSWORD);
    await pool.addToGroup(second.username, "admins");
    const browser = new Browser();
    await logIn(browser, APP, "/admin/users", { ...ADMIN, email: second.email }, idp);

    const token = await csrfTokenOf(browser);
    await pool.removeFromGroup(second.username, "admins");
    expect((await browser.navigate(`${USERS}/invite`)).response.status).toBe(403);
    const refused = await browser.submit(`${USERS}/invite`, {
      _csrf: token,
      email: "too-late@example.com",
      name: "Too Late",
    });
    expect(refused.response.status).toBe(403);
    expect(refused.body).toContain("no longer an enabled member of the admins group");
    expect((await browser.navigate(USERS)).response.status).toBe(403);
    await expect(userByEmail("too-late@example.com")).rejects.toThrow(/not in the pool/);
  });

  it("Cognito throttling is retried; the page still answers", async () => {
    idp.apiFaults.throttle("ListUsers", 2);
    const page = await admin.navigate(USERS);
    expect(page.response.status).toBe(200);
    expect(page.body).toContain(`${ADMIN.email}</a>`);
  });
});

describe("the JSON API", () => {
  it("lists with pages, invites, acts and deletes, like the pages", async () => {
    const first = await api(admin, "GET", "?q=paged-&limit=10", { csrf: null });
    expect(first.status).toBe(200);
    expect((first.body.users as unknown[]).length).toBe(10);
    expect(first.body).toMatchObject({ total: 27, page: 1, pages: 3, complete: true });
    const second = await api(admin, "GET", "?q=paged-&limit=10&page=2", { csrf: null });
    expect((second.body.users as { email: string }[])[0]?.email).toBe("paged-10@example.com");

    const created = await api(admin, "POST", "", {
      body: { email: "api.user@example.com", name: "Api User" },
    });
    expect(created.status).toBe(201);
    const user = created.body.user as { username: string; statusText: string };
    expect(user.statusText).toBe("invited, not signed in yet");
    const got = await api(admin, "GET", `/${user.username}`, { csrf: null });
    expect(got.body.poolGroups).toContain("admins");
    expect(got.body.actions).toEqual([
      "resend-invitation",
      "make-admin",
      "disable",
      "groups",
      "name",
    ]);
    expect((await api(admin, "POST", `/${user.username}/disable`)).body).toMatchObject({
      user: { enabled: false },
    });
    expect(await api(admin, "DELETE", `/${user.username}`)).toMatchObject({
      status: 200,
      body: { deleted: true },
    });
    expect((await api(admin, "POST", `/${user.username}/frobnicate`)).status).toBe(404);
  });
});

describe("zero configuration offline", () => {
  it("a dashboard configured as `npm start` configures it (only MOCK_IDP_URL) manages the mock's users", async () => {
    const config = await resolveConfig({
      env: { MOCK_IDP_URL: idp.url, SESSION_SECRET: "zero-config-test-session-secret-0123456789" },
      fromSst: async () => undefined,
    });
    expect(config.source).toBe("mock");
    const plain = await startLocalServer({ port: 8050, mode: "app", config });
    try {
      const browser = new Browser();
      await logIn(browser, "http://localhost:8050", "/admin/users", ADMIN, idp);
      const page = await browser.navigate("http://localhost:8050/admin/users?q=dan");
      expect(page.response.status).toBe(200);
      expect(page.body).toContain(`${DEMO.email}</a>`);
      // The admin is in the nav bar, not in the search's rows.
      expect(page.body).not.toContain(`${ADMIN.email}</a>`);
    } finally {
      await plain.close();
    }
  });
});

describe("a colleague's first day, over HTTP", () => {
  it("invited, signs in with the temporary password, chooses a new one, lands without admin rights; promoted, renews into /admin; disabled, renews out", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    await invite(admin, "erin.new@example.com", "Erin New");
    const temporary = invitationTo("erin.new@example.com").temporaryPassword as string;

    const erin = new Browser();
    const landed = await firstSignIn(erin, "erin.new@example.com", temporary);
    expect(landed.url, describeHops(landed)).toBe(`${APP}/`);
    expect(landed.body).toContain("Welcome, Erin New");
    expect(landed.body).not.toContain('href="/admin"');
    expect((await erin.navigate(`${APP}/admin`)).response.status).toBe(403);

    const erinUser = await userByEmail("erin.new@example.com");
    const page = await admin.navigate(`${USERS}/${erinUser.username}`);
    expect(page.body).toContain("active");
    const makeAdmin = formEndingWith(page, "/make-admin");
    await admin.submit(makeAdmin.action, makeAdmin.hidden);
    // Her session still has the old groups until it renews.
    expect((await erin.navigate(`${APP}/admin`)).response.status).toBe(403);

    vi.setSystemTime(Date.now() + (idp.config.idTokenTtl + 60) * 1000);
    const renewed = await erin.navigate(`${APP}/admin`);
    expect(renewed.response.status).toBe(200);
    expect(renewed.body).toContain("Administration");

    const confirm = await admin.navigate(`${USERS}/${erinUser.username}/disable`);
    const disable = formEndingWith(confirm, "/disable");
    await admin.submit(disable.action, disable.hidden);
    // Stateless: until the next renewal her cookie is still a session.
    expect((await apiMe(erin, APP)).status).toBe(200);
    vi.setSystemTime(Date.now() + (idp.config.idTokenTtl + 60) * 1000);
    expect((await apiMe(erin, APP)).status).toBe(401);
    const form = await openLoginForm(erin, `${APP}/`, idp);
    const refused = await submitLogin(erin, form, {
      email: "erin.new@example.com",
      password: NEW_PASSWORD,
    });
    expect(new URL(refused.url).origin).toBe(idp.url);
    expect(refused.body).toContain("User is disabled.");
  });
});
