/**
 * People administration in Chromium, offline, at a desktop's 1280 px and a phone's 390 px: an
 * admin invites someone with a role, the invitee signs in for the first time (the temporary
 * password from the mock's outbox, then a new password) and is welcomed; the admin edits their
 * name, changes their groups, finds them with the status filter, the search and a sort, disables
 * them and deletes them. axe-core checks every page on the way (the mock's sign-in, new-password
 * and outbox pages included): no serious or critical violation.
 *
 * The mock IdP and the dashboard run in this process (not as `npm` processes like the other
 * browser tests), on their own ports, with a pool that has a second group ("editors").
 */
import { type LocalServer, startLocalServer } from "@cognito-dashboard/dashboard";
import { MOCK_OUTBOX_PATH, mockOutboxJsonUrl } from "@cognito-dashboard/local-dev";
import { type MockIdp, startMockIdp } from "@cognito-dashboard/mock-idp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { authFor } from "../chain/harness.ts";
import { expectAccessible } from "./axe.ts";
import { browserSuite, launchChromium, newContext, VIEWPORT, withPage } from "./chromium.ts";
import {
  ADMIN_USER,
  DEMO_USER,
  expectArrival,
  expectGreeting,
  expectHostedLogin,
  expectNavFits,
  logOut,
  open,
  PHONE_VIEWPORT,
  signIn,
} from "./pages.ts";
import { screenshot, updateDocsScreenshot } from "./screenshots.ts";
import { assertFree } from "./server-process.ts";

const PORT = 5000;
const APP = `http://localhost:${PORT}`;
const EDITOR = {
  email: "ed.editor@example.com",
  password: "Ed-editor-Passw0rd!",
  name: "Ed Editor",
};

const INVITED = {
  email: "ivy.invited@example.com",
  password: "Ivy-temporary-1!",
  name: "Ivy Invited",
  groups: [],
};
const DISABLED = {
  // Long, as real addresses can be: the pages must wrap it, not widen.
  email: "dorothea.disabled-since-the-reorganisation@subsidiary.example.com",
  password: "Dot-Passw0rd-1!",
  name: "Dot Disabled",
  groups: [],
};

browserSuite("people administration in Chromium, offline", (test) => {
  let browser: Browser | undefined;
  let idp: MockIdp;
  let dashboard: LocalServer;

  beforeAll(async () => {
    await assertFree(`${APP}/`);
    idp = await startMockIdp({
      port: 0,
      quiet: true,
      users: [
        { ...DEMO_USER, groups: [] },
        { ...ADMIN_USER, groups: ["admins"] },
        { ...EDITOR, groups: ["editors"] },
        // For the pictures: someone invited who has not signed in yet, and someone disabled.
        { ...INVITED, status: "FORCE_CHANGE_PASSWORD" },
        { ...DISABLED, enabled: false },
      ],
    });
    dashboard = await startLocalServer({
      port: PORT,
      mode: "app",
      config: { auth: authFor(idp), source: "mock" },
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await idp?.stop();
  });

  for (const viewport of [VIEWPORT, PHONE_VIEWPORT]) {
    const phone = viewport.width < 600;
    const suffix = phone ? "-phone" : "";
    const invitee = {
      email: `erin.${viewport.width}@example.com`,
      password: "Erin-chose-this-1!",
      name: `Erin ${viewport.width}`,
    };

    test(`at ${viewport.width} px: invite with a role → first sign-in → edit the name → change groups → filter, search and sort → disable → delete`, () => {
      if (!browser) throw new Error("Chromium did not start");
      const chromium = browser;
      return withPage(chromium, `people-${viewport.width}`, async (admin) => {
        await admin.setViewportSize(viewport);
        // axe, and on a phone: nothing to scroll sideways, and the nav bar's Log out on screen.
        const check = async (page: Page, what: string, signedIn = true) => {
          await expectAccessible(page, `${what} at ${viewport.width} px`);
          if (!phone) return;
          if (signedIn) await expectNavFits(page);
          else await expectNoSidewaysScroll(page);
        };

        // The admin signs in on the hosted UI and opens People.
        await open(admin, `${APP}/admin/users`);
        await expectHostedLogin(admin, idp.url);
        await check(admin, "the mock's sign-in page", false);
        await signIn(admin, ADMIN_USER.email, ADMIN_USER.password);
        await expectArrival(admin, `${APP}/admin/users`);
        await admin.getByRole("heading", { level: 1, name: "People" }).waitFor();
        await check(admin, "people");

        // Invite with a role: the groups are on the form.
        await admin.getByRole("link", { name: "Invite someone" }).click();
        await expectArrival(admin, `${APP}/admin/users/invite`);
        await admin.getByLabel("Email").fill(invitee.email);
        await admin.getByLabel("Full name").fill(invitee.name);
        await admin.getByRole("checkbox", { name: "editors" }).check();
        await check(admin, "the invitation form");
        await picture(admin, `invite${suffix}`);
        await admin.getByRole("button", { name: "Send invitation" }).click();
        await admin.getByText(`Invitation sent to ${invitee.email}`).waitFor();
        expect(await admin.getByTestId("status").textContent()).toBe("invited, not signed in yet");
        expect(await admin.getByTestId("groups").textContent()).toBe("editors");
        await check(admin, "a person's page");
        const personPage = admin.url();

        // The invitee's first sign-in: the temporary password from the outbox, a new password.
        const context = await newContext(chromium);
        try {
          const erin = await context.newPage();
          await erin.setViewportSize(viewport);
          await open(erin, `${idp.url}${MOCK_OUTBOX_PATH}`);
          await erin.getByText(invitee.email).first().waitFor();
          await expectAccessible(erin, `the mock's outbox at ${viewport.width} px`);
          if (phone) await expectNoSidewaysScroll(erin);
          const temporary = await temporaryPasswordFor(idp, invitee.email);
          await open(erin, `${APP}/`);
          await expectHostedLogin(erin, idp.url);
          await signIn(erin, invitee.email, temporary);
          await erin.getByLabel("New Password", { exact: true }).waitFor();
          await expectAccessible(erin, `the mock's new-password page at ${viewport.width} px`);
          if (phone) await expectNoSidewaysScroll(erin);
          await erin.getByLabel("New Password", { exact: true }).fill(invitee.password);
          await erin.getByLabel("Enter New Password Again").fill(invitee.password);
          await erin.getByRole("button", { name: "Send" }).click();
          await expectArrival(erin, `${APP}/`);
          await erin.getByRole("heading", { level: 1, name: `Welcome, ${invitee.name}` }).waitFor();
          await check(erin, "the overview");
          if (phone) await picture(erin, "welcome-phone");
          // Not (yet) an admin: the refusal page.
          expect((await open(erin, `${APP}/admin/users`)).status()).toBe(403);
          await check(erin, "a 403 page");
        } finally {
          await context.close();
        }

        // Edit the name.
        await open(admin, personPage);
        expect(await admin.getByTestId("status").textContent()).toBe("active");
        await admin.getByLabel("Full name").fill(`${invitee.name} Renamed`);
        await admin.getByRole("button", { name: "Save name" }).click();
        await admin.getByText(`${invitee.email}'s name is now ${invitee.name} Renamed.`).waitFor();
        expect(await admin.getByTestId("name").textContent()).toBe(`${invitee.name} Renamed`);

        // Change groups: admins in, editors out.
        await admin.getByRole("checkbox", { name: "admins" }).check();
        await admin.getByRole("checkbox", { name: "editors" }).uncheck();
        await admin.getByRole("button", { name: "Save groups" }).click();
        await admin.getByText(`${invitee.email}'s groups are now: admins.`).waitFor();
        expect(await admin.getByTestId("groups").textContent()).toBe("admins");
        await check(admin, "a person's page after a change");
        await picture(admin, `user${suffix}`);

        // Filter, search and sort.
        await admin.getByRole("link", { name: "All people" }).click();
        await admin.getByRole("link", { name: /^Invited/ }).click();
        await admin.waitForURL(/status=invited/);
        expect(await admin.getByRole("link", { name: invitee.email, exact: true }).count()).toBe(0);
        await admin.getByRole("link", { name: /^Active/ }).click();
        await admin.waitForURL(/status=active/);
        await admin.getByRole("link", { name: invitee.email, exact: true }).waitFor();
        await admin.getByLabel("Search by email or name").fill("renamed");
        await admin.getByRole("button", { name: "Show" }).click();
        await admin.waitForURL(/q=renamed/);
        expect(await rowEmails(admin)).toEqual([invitee.email]);
        await admin.getByRole("link", { name: "Clear search" }).click();
        await admin.getByRole("link", { name: /^All/ }).click();
        if (phone) {
          // A phone's cards have no column headers: the sort menu next to the search.
          await admin.getByLabel("Sort by").selectOption("created");
          await admin.getByRole("button", { name: "Show" }).click();
        } else {
          await admin.getByRole("link", { name: "Created", exact: true }).click();
        }
        await admin.waitForURL(/sort=created/);
        expect((await rowEmails(admin))[0], "newest first").toBe(invitee.email);
        await check(admin, "people sorted by creation");
        await picture(admin, `users${suffix}`);

        // Disable, confirmed first, from the row.
        await admin.getByRole("link", { name: `Disable… ${invitee.email}` }).click();
        await admin.getByRole("heading", { name: `Disable ${invitee.email}?` }).waitFor();
        await check(admin, "the disable confirmation");
        await picture(admin, `confirm${suffix}`);
        await admin.getByRole("button", { name: "Disable", exact: true }).click();
        await admin.getByText(`${invitee.email} is disabled`).waitFor();
        expect(await admin.getByTestId("status").textContent()).toContain("disabled");

        // Delete, confirmed first.
        await admin.getByRole("link", { name: "Delete…" }).click();
        await admin.getByRole("heading", { name: `Delete ${invitee.email}?` }).waitFor();
        await check(admin, "the delete confirmation");
        await admin.getByRole("button", { name: "Delete", exact: true }).click();
        await expectArrival(admin, `${APP}/admin/users`);
        await admin.getByText("The user was deleted.").waitFor();
        expect(await admin.getByRole("link", { name: invitee.email, exact: true }).count()).toBe(0);
        await check(admin, "people after a deletion");

        // A long address in a confirmation's heading wraps (on a phone, nothing scrolls sideways).
        await admin.getByRole("link", { name: /^Disabled/ }).click();
        await admin.getByRole("link", { name: `Delete… ${DISABLED.email}` }).click();
        await admin.getByRole("heading", { name: `Delete ${DISABLED.email}?` }).waitFor();
        await check(admin, "a confirmation about a long address");
        await admin.getByRole("link", { name: "Cancel" }).click();

        // The other pages an admin sees: admin, overview, a refusal, a missing page, signed out.
        await open(admin, `${APP}/admin`);
        await check(admin, "the admin page");
        await open(admin, `${APP}/`);
        await expectGreeting(admin, ADMIN_USER);
        await check(admin, "the overview");
        const refusal = await open(admin, `${APP}/admin/users/not-a-user`);
        expect(refusal.status()).toBe(404);
        await check(admin, "a 404 page");
        await logOut(admin, APP);
        await expectAccessible(admin, `the signed-out page at ${viewport.width} px`);
      });
    }, 120_000);
  }
});

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${page.url()} at a ${width} px viewport`).toBeLessThanOrEqual(width);
}

/** The pictures the READMEs show (docs/screenshots), out of every page the journey saves. */
const DOCS_PICTURES = new Set([
  "users",
  "users-phone",
  "invite",
  "user",
  "confirm-phone",
  "welcome-phone",
]);

/** Saves a screenshot of the page; the READMEs' pictures are also copied to docs/screenshots. */
async function picture(page: Page, name: string): Promise<void> {
  const path = await screenshot(page, name);
  if (DOCS_PICTURES.has(name)) await updateDocsScreenshot(path, name);
}

/** The table's emails, top to bottom. */
async function rowEmails(page: Page): Promise<string[]> {
  return page.locator("table.people tbody td[data-label='Email'] a").allTextContents();
}

/** Reads the invitation as a script would: the mock's outbox as JSON. */
async function temporaryPasswordFor(idp: MockIdp, email: string): Promise<string> {
  const res = await fetch(mockOutboxJsonUrl(idp.url));
  expect(res.status).toBe(200);
  const { messages } = (await res.json()) as {
    messages: { kind: string; to: string; temporaryPassword?: string }[];
  };
  const invitation = messages.filter((m) => m.kind === "invitation" && m.to === email).at(-1);
  if (!invitation?.temporaryPassword) throw new Error(`no invitation to ${email} in the outbox`);
  return invitation.temporaryPassword;
}
