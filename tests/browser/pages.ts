import { MOCK_IDP, SIGNED_OUT_PATH } from "@cognito-dashboard/local-dev";
import type { Page, Response } from "playwright-core";
import { expect } from "vitest";

/** A user of the mock IdP's default users file (`mock-idp/users.json`). */
export interface TestUser {
  email: string;
  password: string;
  name: string;
}

export const DEMO_USER: TestUser = {
  email: "demo@example.com",
  password: "Passw0rd!",
  name: "Demo User",
};
export const ADMIN_USER: TestUser = {
  email: "admin@example.com",
  password: "Passw0rd!",
  name: "Admin User",
};

/** Where `npm run mock-idp` listens by default. */
export const IDP_ORIGIN = `http://localhost:${MOCK_IDP.port}`;

/** Whether `url` is the hosted UI's sign-in page (Cognito's `/login`). */
export function isHostedLogin(url: URL, idpOrigin = IDP_ORIGIN): boolean {
  return url.origin === idpOrigin && url.pathname === "/login";
}

/**
 * Waits for the hosted UI's sign-in form to be on screen, and checks where it is.
 * @example await expectHostedLogin(page);
 */
export async function expectHostedLogin(page: Page, idpOrigin = IDP_ORIGIN): Promise<void> {
  await page.waitForURL((url) => isHostedLogin(url, idpOrigin));
  await page.getByRole("heading", { name: /sign in/i }).waitFor();
  await page.getByLabel("Password", { exact: true }).waitFor();
}

/**
 * Types a user's email and password into the hosted UI's form and presses "Sign in".
 * @example await signIn(page, DEMO_USER.email, "wrong");
 */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  // Wait for the answer to the post to be on screen, so that the next look at the page never
  // sees the previous page's message.
  const answered = page.waitForEvent("framenavigated", {
    predicate: (frame) => frame === page.mainFrame(),
  });
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
}

/**
 * On the hosted UI: a wrong password first (the error must show, no redirect), then the right one;
 * resolves once the browser is back on `expectedUrl` of the app.
 * @example await signInAfterOneMistake(page, ADMIN_USER, "http://localhost:3000/admin");
 */
export async function signInAfterOneMistake(
  page: Page,
  user: TestUser,
  expectedUrl: string,
  idpOrigin = IDP_ORIGIN,
): Promise<void> {
  await signIn(page, user.email, `${user.password}-wrong`);
  await page.getByRole("alert").filter({ hasText: "Incorrect username or password." }).waitFor();
  expect(isHostedLogin(new URL(page.url()), idpOrigin), `still on the sign-in page`).toBe(true);

  await signIn(page, user.email, user.password);
  await expectArrival(page, expectedUrl);
}

/**
 * Waits for the browser to be at `url`; if it ends elsewhere, fails with where it is and what
 * that page says (its heading and alert), which is what a person would report.
 * @example await expectArrival(page, "http://localhost:3000/?tab=one");
 */
export async function expectArrival(page: Page, url: string, timeoutMs = 10_000): Promise<void> {
  try {
    await page.waitForURL(url, { timeout: timeoutMs });
  } catch {
    const shown = new URL(page.url());
    const says = await Promise.all(
      [page.locator("h1"), page.getByRole("alert")].map((locator) =>
        locator
          .first()
          .textContent({ timeout: 500 })
          .catch(() => null),
      ),
    );
    const text = says.filter(Boolean).map((line) => `"${line?.trim()}"`);
    throw new Error(
      `expected to arrive at ${url}, but after ${timeoutMs} ms the browser shows ` +
        `${shown.origin}${shown.pathname}${text.length ? `, saying ${text.join(" and ")}` : ""}`,
    );
  }
}

/**
 * Checks that the dashboard greets `user` by name in its main heading.
 * @example await expectGreeting(page, DEMO_USER);
 */
export async function expectGreeting(page: Page, user: TestUser): Promise<void> {
  await page.getByRole("heading", { level: 1, name: new RegExp(`\\b${user.name}\\b`) }).waitFor();
}

/**
 * Presses "Log out" and waits for the app's "You are signed out" page, where the hosted UI's
 * logout comes back once both sessions have ended.
 * @example await logOut(page, "http://localhost:3000");
 */
export async function logOut(page: Page, app: string): Promise<void> {
  await page.getByRole("button", { name: "Log out" }).click();
  await expectArrival(page, `${app}${SIGNED_OUT_PATH}`);
  await page.getByRole("heading", { level: 1, name: "You are signed out" }).waitFor();
  expect(await page.getByRole("button", { name: "Log out" }).count(), "a Log out button").toBe(0);
}

/** The narrow phone screen the nav bar must fit (an iPhone 12 to 15 in portrait). */
export const PHONE_VIEWPORT = { width: 390, height: 844 } as const;

/**
 * Checks that the page fits the viewport's width (nothing to scroll sideways) and that "Log out"
 * is on screen, inside it.
 * @example await page.setViewportSize(PHONE_VIEWPORT); await expectNavFits(page);
 */
export async function expectNavFits(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `page width at a ${width} px viewport`).toBeLessThanOrEqual(width);
  const logOutButton = page.getByRole("button", { name: "Log out" });
  await logOutButton.waitFor({ state: "visible" });
  const box = await logOutButton.boundingBox();
  expect(box, "Log out has a box").not.toBeNull();
  expect(box && box.x >= 0 && box.x + box.width <= width, `Log out at ${JSON.stringify(box)}`).toBe(
    true,
  );
}

/**
 * Presses the browser's Back button after logout and checks that the page shown is a sign-in
 * page (or a redirect on its way there), never the dashboard from the cache.
 * @example await expectBackShowsNoDashboard(page, DEMO_USER);
 */
export async function expectBackShowsNoDashboard(
  page: Page,
  user: TestUser,
  idpOrigin = IDP_ORIGIN,
): Promise<void> {
  await page.goBack({ waitUntil: "load" });
  // A page restored from the back/forward cache keeps its URL; a fresh request is redirected.
  await page.waitForURL((url) => isHostedLogin(url, idpOrigin), { timeout: 5_000 }).catch(() => {});
  const shown = new URL(page.url());
  expect(
    isHostedLogin(shown, idpOrigin),
    `after Back the browser shows ${shown.href}, not the sign-in page`,
  ).toBe(true);
  expect(await page.getByText(user.name).count(), `${user.name} is still on screen`).toBe(0);
}

/**
 * Navigates and returns the main response, failing clearly when there is none.
 * @example const response = await open(page, "http://localhost:3000/admin");
 */
export async function open(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url);
  if (!response) throw new Error(`no response for ${url}`);
  return response;
}
