import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { browserSuite, launchChromium, withPage } from "./chromium.ts";
import { demoJourney } from "./journeys.ts";
import { IDP_ORIGIN } from "./pages.ts";
import { assertFree, type ServerProcess, startNpm } from "./server-process.ts";

// What the README promises: `npm start` prints this URL, and signing in there works.
const APP = "http://localhost:3000";

browserSuite("the quick start in Chromium, `npm start`", (test) => {
  let browser: Browser | undefined;
  let start: ServerProcess | undefined;

  beforeAll(async () => {
    await Promise.all([assertFree(`${IDP_ORIGIN}/`), assertFree(`${APP}/`)]);
    const started = startNpm({ npmArgs: ["start"] });
    start = started;
    browser = await launchChromium();
    await Promise.all([
      started.waitForOutput(new RegExp(`${APP}\\b`)),
      started.waitForUrl(`${IDP_ORIGIN}/`),
      started.waitForUrl(`${APP}/`),
    ]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await start?.stop();
  });

  test("demo user at the printed URL: login → greeted → phone-sized nav fits → /admin is 403 → logout → signed out → sign in again", async () => {
    if (!browser) throw new Error("Chromium did not start");
    await withPage(browser, "npm-start-demo", (page) => demoJourney(page, { app: APP }));
  }, 30_000);
});
