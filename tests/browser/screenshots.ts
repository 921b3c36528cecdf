import { copyFile, mkdir, readdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Page } from "playwright-core";
import { REPO_ROOT } from "./server-process.ts";

/** Where the screenshots go (gitignored): a person looks at them after a run. */
export const SCREENSHOT_DIR = join(REPO_ROOT, "test-results", "screenshots");

/** The README's picture; rewritten only when `UPDATE_DOCS_SCREENSHOTS=1`, so runs leave git clean. */
export const README_SCREENSHOT = join(REPO_ROOT, "docs", "screenshots", "dashboard.png");

/**
 * Saves a full-page screenshot as `test-results/screenshots/<name>.png` and prints its path.
 * @example await screenshot(page, "login"); // test-results/screenshots/login.png
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path, fullPage: true, animations: "disabled" });
  console.log(`screenshot: ${path}`);
  return path;
}

/**
 * Copies a screenshot to the README's picture when `UPDATE_DOCS_SCREENSHOTS=1`.
 * @example await updateReadmeScreenshot(await screenshot(page, "dashboard"));
 */
export async function updateReadmeScreenshot(path: string): Promise<void> {
  if (process.env.UPDATE_DOCS_SCREENSHOTS !== "1") return;
  await mkdir(dirname(README_SCREENSHOT), { recursive: true });
  await copyFile(path, README_SCREENSHOT);
  console.log(`README screenshot updated: ${README_SCREENSHOT}`);
}

/**
 * Copies a screenshot to `docs/screenshots/<name>.png` (shown in the READMEs) when
 * `UPDATE_DOCS_SCREENSHOTS=1`.
 * @example await updateDocsScreenshot(await screenshot(page, "users"), "users");
 */
export async function updateDocsScreenshot(path: string, name: string): Promise<void> {
  if (process.env.UPDATE_DOCS_SCREENSHOTS !== "1") return;
  const target = join(dirname(README_SCREENSHOT), `${name}.png`);
  await mkdir(dirname(target), { recursive: true });
  await copyFile(path, target);
  console.log(`docs screenshot updated: ${target}`);
}

/**
 * Deletes the failure screenshots of an earlier run of one test, so that the folder only ever
 * shows failures of the latest run.
 * @example await forgetFailures("failed-two-tabs"); // removes failed-two-tabs.png, failed-two-tabs-tab2.png
 */
export async function forgetFailures(prefix: string): Promise<void> {
  const names = await readdir(SCREENSHOT_DIR).catch(() => []);
  const stale = names.filter(
    (name) => name === `${prefix}.png` || name.startsWith(`${prefix}-tab`),
  );
  await Promise.all(stale.map((name) => rm(join(SCREENSHOT_DIR, name), { force: true })));
}
