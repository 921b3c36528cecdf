import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { forgetFailures, screenshot } from "./screenshots.ts";

/** Debian's Chromium: the only browser these tests use (no Playwright download). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** What a person runs to get it. */
export const INSTALL_COMMAND = "sudo apt-get install -y chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** The viewport of every page, so that screenshots have one size. */
export const VIEWPORT = { width: 1280, height: 800 } as const;

/**
 * Launches headless Chromium through playwright-core.
 * @example const browser = await launchChromium(); try { ... } finally { await browser.close(); }
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, timeout: 30_000 });
}

/**
 * A fresh context (its own cookies, like a new private window) with bounded waits.
 * @example const context = await newContext(browser); const page = await context.newPage();
 */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

/**
 * Runs `body` with a page of a fresh context, closed afterwards; on failure, the page as it was is
 * saved as `test-results/screenshots/failed-<label>.png` before the error is passed on.
 * @example await withPage(browser, "demo-3000", async (page) => { await page.goto(url); });
 */
export async function withPage(
  browser: Browser,
  label: string,
  body: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  await forgetFailures(`failed-${label}`);
  const context = await newContext(browser);
  const serverErrors: string[] = [];
  context.on("response", (response) => {
    // Path only: a callback's query holds an authorization code.
    const { origin, pathname } = new URL(response.url());
    if (response.status() >= 500) serverErrors.push(`${response.status()} ${origin}${pathname}`);
  });
  try {
    const page = await context.newPage();
    try {
      await body(page, context);
      expect(serverErrors, "responses with a 5xx status").toEqual([]);
    } catch (error) {
      await Promise.all(
        context
          .pages()
          .map((open, index) =>
            screenshot(open, `failed-${label}${index ? `-tab${index + 1}` : ""}`).catch(() => {}),
          ),
      );
      throw error;
    }
  } finally {
    await context.close();
  }
}

type TestBody = () => Promise<void>;
/** `it`, as handed to a browser suite: a name, a body and a timeout. */
export type BrowserTest = (name: string, body: TestBody, timeoutMs?: number) => void;

/**
 * `describe` for tests that need Chromium. With Chromium present it is a plain `describe`. Without
 * it, in CI (`CI` set), it is one failing test saying how to install it; elsewhere, the suite's
 * tests are skipped and a message names them and the install command.
 * @example browserSuite("login on :3000", (test) => { test("shows the login page", async () => {}); });
 */
export function browserSuite(title: string, body: (test: BrowserTest) => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(title, () => body((name, fn, timeoutMs) => it(name, fn, timeoutMs)));
    return;
  }
  if (inCi()) {
    describe(title, () => {
      it(`needs Chromium at ${CHROMIUM_PATH}`, () => {
        throw new Error(
          `${CHROMIUM_PATH} is missing, and in CI the browser tests must run. Install it with ` +
            `\`${INSTALL_COMMAND}\` (.ci/run does this when it runs as root).`,
        );
      });
    });
    return;
  }
  describe.skip(title, () => {
    const skipped: string[] = [];
    body((name, fn, timeoutMs) => {
      skipped.push(name);
      it(name, fn, timeoutMs);
    });
    console.warn(
      `SKIPPED browser tests "${title}": ${CHROMIUM_PATH} is missing. Install it with ` +
        `\`${INSTALL_COMMAND}\` to run:\n${skipped.map((name) => `  - ${name}`).join("\n")}`,
    );
  });
}

/** `CI` as CI services set it (`true`, `1`, a name); `CI=false` or `CI=0` means a laptop. */
function inCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}
