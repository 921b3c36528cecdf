import type { Page } from "playwright-core";
import { expect } from "vitest";
import {
  ADMIN_USER,
  DEMO_USER,
  expectArrival,
  expectBackShowsNoDashboard,
  expectGreeting,
  expectHostedLogin,
  expectNavFits,
  IDP_ORIGIN,
  logOut,
  open,
  PHONE_VIEWPORT,
  signIn,
  signInAfterOneMistake,
} from "./pages.ts";
import { screenshot, updateReadmeScreenshot } from "./screenshots.ts";

export interface JourneyOptions {
  /** The dashboard, e.g. `http://localhost:3000`. */
  app: string;
  /** The hosted UI the dashboard sends people to. */
  idp?: string;
  /** Save screenshots of the pages seen (one run is enough). */
  screenshots?: boolean;
}

/**
 * The admin's day: a deep link to `/admin`, the hosted sign-in page, a mistyped password, the
 * right one, the admin page, the overview, Log out to the "signed out" page, and Back.
 * @example await adminJourney(page, { app: "http://localhost:3000", screenshots: true });
 */
export async function adminJourney(page: Page, options: JourneyOptions): Promise<void> {
  const { app, idp = IDP_ORIGIN } = options;
  await open(page, `${app}/admin`);
  await expectHostedLogin(page, idp);
  if (options.screenshots) await screenshot(page, "login");

  await signInAfterOneMistake(page, ADMIN_USER, `${app}/admin`, idp);
  await page.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
  await page.getByText(ADMIN_USER.name, { exact: true }).first().waitFor();
  if (options.screenshots) await screenshot(page, "admin");

  await page.getByRole("link", { name: "Overview", exact: true }).click();
  await expectArrival(page, `${app}/`);
  await expectGreeting(page, ADMIN_USER);
  if (options.screenshots) await updateReadmeScreenshot(await screenshot(page, "dashboard"));

  await logOut(page, app);
  if (options.screenshots) await screenshot(page, "signed-out");
  await expectBackShowsNoDashboard(page, ADMIN_USER, idp);
}

/**
 * The demo user's day: a deep link with a query string, a mistyped password, the right one, the
 * same deep link, then on a phone-sized screen: the nav bar fits, a refused `/admin`, Log out to
 * the "signed out" page, and "Sign in again" asks for the password.
 * @example await demoJourney(page, { app: "http://localhost:8050" });
 */
export async function demoJourney(page: Page, options: JourneyOptions): Promise<void> {
  const { app, idp = IDP_ORIGIN } = options;
  const deepLink = `${app}/?tab=x`;
  await open(page, deepLink);
  await expectHostedLogin(page, idp);
  if (options.screenshots) {
    await signIn(page, DEMO_USER.email, "not-the-password");
    await page.getByRole("alert").waitFor();
    await screenshot(page, "login-error");
  }

  await signInAfterOneMistake(page, DEMO_USER, deepLink, idp);
  await expectGreeting(page, DEMO_USER);

  await page.setViewportSize(PHONE_VIEWPORT);
  await expectNavFits(page);
  if (options.screenshots) await screenshot(page, "phone");

  const refused = await open(page, `${app}/admin`);
  expect(refused.status(), "status of /admin for a user outside admins").toBe(403);
  expect(page.url(), "no redirect away from /admin").toBe(`${app}/admin`);
  await page.getByText(/403/).first().waitFor();
  expect(await page.getByRole("heading", { name: "Administration" }).count()).toBe(0);
  if (options.screenshots) await screenshot(page, "forbidden");

  await open(page, `${app}/`);
  await expectGreeting(page, DEMO_USER);
  await logOut(page, app);
  await page.getByRole("link", { name: "Sign in again" }).click();
  await expectHostedLogin(page, idp);
}

/**
 * Two tabs of one browser open the dashboard at once, both get the sign-in page, both sign in at
 * the same time, and both end on their own deep link, signed in.
 * @example await twoTabsJourney(page, { app: "http://localhost:3000" });
 */
export async function twoTabsJourney(first: Page, options: JourneyOptions): Promise<void> {
  const { app, idp = IDP_ORIGIN } = options;
  const second = await first.context().newPage();
  const tabs = [
    { page: first, deepLink: `${app}/?tab=one` },
    { page: second, deepLink: `${app}/?tab=two` },
  ];

  await Promise.all(tabs.map(({ page, deepLink }) => open(page, deepLink)));
  await Promise.all(tabs.map(({ page }) => expectHostedLogin(page, idp)));
  await Promise.all(
    tabs.map(async ({ page, deepLink }) => {
      await signIn(page, DEMO_USER.email, DEMO_USER.password);
      await expectArrival(page, deepLink);
      await expectGreeting(page, DEMO_USER);
    }),
  );

  // Both tabs now share one session: a reload of either stays signed in.
  for (const { page, deepLink } of tabs) {
    await page.reload();
    expect(page.url()).toBe(deepLink);
    await expectGreeting(page, DEMO_USER);
  }
}
