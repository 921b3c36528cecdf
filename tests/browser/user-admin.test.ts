/**
 * User administration in Chromium, offline: an admin invites a colleague, who signs in with the
 * temporary password from the mock's outbox, chooses a new one and lands without admin rights;
 * the admin promotes them and, once their session renews, they open /admin; the admin disables
 * them and their next renewal sends them to sign in, which refuses them.
 *
 * The mock IdP and the dashboard run in this process (not as `npm` processes like the other
 * browser tests) so that one frozen-and-moved clock makes sessions renew without waiting 30
 * minutes: the ID token's expiry is judged by the mock and the middleware, never by the browser.
 */
import { type LocalServer, startLocalServer } from "@cognito-dashboard/dashboard";
import { mockOutboxJsonUrl } from "@cognito-dashboard/local-dev";
import { type MockIdp, startMockIdp } from "@cognito-dashboard/mock-idp";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, vi } from "vitest";
import { authFor } from "../chain/harness.ts";
import { browserSuite, launchChromium, newContext, withPage } from "./chromium.ts";
import {
  ADMIN_USER,
  expectArrival,
  expectGreeting,
  expectHostedLogin,
  open,
  signIn,
  type TestUser,
} from "./pages.ts";
import { screenshot, updateDocsScreenshot } from "./screenshots.ts";
import { assertFree } from "./server-process.ts";

const PORT = 5000;
const APP = `http://localhost:${PORT}`;
const COLLEAGUE: TestUser = {
  email: "erin.colleague@example.com",
  password: "Erin-chose-this-1!",
  name: "Erin Colleague",
};

browserSuite("user administration in Chromium, offline", (test) => {
  let browser: Browser | undefined;
  let idp: MockIdp;
  let dashboard: LocalServer;

  beforeAll(async () => {
    await assertFree(`${APP}/`);
    idp = await startMockIdp({ port: 0, quiet: true });
    dashboard = await startLocalServer({
      port: PORT,
      mode: "app",
      config: { auth: authFor(idp), source: "mock" },
    });
    browser = await launchChromium();
  }, 60_000);
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await idp?.stop();
  });

  /** Moves the clock of the mock and the dashboard past one ID token's life. */
  const nextRenewal = () => vi.setSystemTime(Date.now() + (idp.config.idTokenTtl + 60) * 1000);

  test("invite → first sign-in with a new password → promoted → renews into /admin → disabled → renews out", () => {
    if (!browser) throw new Error("Chromium did not start");
    const chromium = browser;
    return withPage(chromium, "user-admin", async (admin) => {
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now(), shouldAdvanceTime: true });

      // The admin opens user administration and invites a colleague.
      await open(admin, `${APP}/admin/users`);
      await expectHostedLogin(admin, idp.url);
      await signIn(admin, ADMIN_USER.email, ADMIN_USER.password);
      await expectArrival(admin, `${APP}/admin/users`);
      await admin.getByRole("heading", { level: 1, name: "Users" }).waitFor();
      await admin.getByRole("cell", { name: ADMIN_USER.email }).waitFor();

      await admin.getByRole("link", { name: "Invite a colleague" }).click();
      await expectArrival(admin, `${APP}/admin/users/invite`);
      await admin.getByLabel("Email").fill(COLLEAGUE.email);
      await admin.getByLabel("Name").fill(COLLEAGUE.name);
      await updateDocsScreenshot(await screenshot(admin, "invite"), "invite");
      await admin.getByRole("button", { name: "Send invitation" }).click();
      await admin.waitForURL(/\/admin\/users\/[^/?]+$/);
      await admin.getByText(`Invitation sent to ${COLLEAGUE.email}`).waitFor();
      expect(await admin.getByTestId("status").textContent()).toBe("invited, not signed in yet");
      const colleaguePage = admin.url().replace(/\?.*$/, "");
      await admin.getByRole("link", { name: "All users" }).click();
      await admin
        .getByRole("row", { name: new RegExp(COLLEAGUE.email) })
        .getByText("invited, not signed in yet")
        .waitFor();
      await updateDocsScreenshot(await screenshot(admin, "users"), "users");

      // The colleague's first sign-in: the temporary password from the mock's outbox.
      const temporary = await temporaryPasswordFor(idp, COLLEAGUE.email);
      const context = await newContext(chromium);
      try {
        const colleague = await context.newPage();
        await open(colleague, `${APP}/`);
        await expectHostedLogin(colleague, idp.url);
        await signIn(colleague, COLLEAGUE.email, temporary);
        await chooseNewPassword(colleague, COLLEAGUE.password);
        await expectArrival(colleague, `${APP}/`);
        await expectGreeting(colleague, COLLEAGUE);
        expect(await colleague.getByRole("link", { name: "Admin", exact: true }).count()).toBe(0);
        expect((await open(colleague, `${APP}/admin`)).status()).toBe(403);

        // Promoted: the session has the old groups until it renews.
        await open(admin, colleaguePage);
        expect(await admin.getByTestId("status").textContent()).toBe("active");
        await admin.getByRole("button", { name: "Make admin" }).click();
        await admin.getByText(`${COLLEAGUE.email} is now an admin`).waitFor();
        expect((await open(colleague, `${APP}/admin`)).status()).toBe(403);
        nextRenewal();
        expect((await open(colleague, `${APP}/admin`)).status()).toBe(200);
        await colleague.getByRole("heading", { level: 1, name: "Administration" }).waitFor();

        // Disabled, after a confirmation: the next renewal ends the session.
        await open(admin, colleaguePage);
        await admin.getByRole("link", { name: "Disable…" }).click();
        await admin.getByRole("heading", { name: `Disable ${COLLEAGUE.email}?` }).waitFor();
        await admin.getByRole("button", { name: "Disable", exact: true }).click();
        await admin.getByText(`${COLLEAGUE.email} is disabled`).waitFor();
        expect(await admin.getByTestId("enabled").textContent()).toBe("disabled");

        nextRenewal();
        await open(colleague, `${APP}/admin`);
        await expectHostedLogin(colleague, idp.url);
        await signIn(colleague, COLLEAGUE.email, COLLEAGUE.password);
        await colleague.getByRole("alert").filter({ hasText: "User is disabled." }).waitFor();
        expect(new URL(colleague.url()).origin).toBe(idp.url);
      } finally {
        await context.close();
      }
    });
  }, 90_000);
});

/** Reads the invitation as a person would: the mock's outbox, over HTTP. */
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

/** The hosted UI's step after a temporary password: a new password, twice. */
async function chooseNewPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel("New Password", { exact: true }).fill(password);
  await page.getByLabel("Enter New Password Again").fill(password);
  await page.getByRole("button", { name: "Send" }).click();
}
