import type { LOCAL_PORTS } from "@cognito-dashboard/local-dev";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { browserSuite, launchChromium, withPage } from "./chromium.ts";
import { adminJourney } from "./journeys.ts";
import { IDP_ORIGIN } from "./pages.ts";
import { assertFree, type ServerProcess, startNpm, stopAll } from "./server-process.ts";

// A third registered port, so that each local mode is seen on a different one.
const PORT = 5000 satisfies (typeof LOCAL_PORTS)[number];
const APP = `http://localhost:${PORT}`;

browserSuite(
  "the login chain in Chromium through the Lambda handler, `npm run dev -- --lambda`",
  (test) => {
    let browser: Browser | undefined;
    const servers: ServerProcess[] = [];

    beforeAll(async () => {
      await Promise.all([assertFree(`${IDP_ORIGIN}/`), assertFree(`${APP}/`)]);
      const idp = startNpm({ npmArgs: ["run", "mock-idp"] });
      const dashboard = startNpm({
        npmArgs: ["run", "dev", "--", "--lambda"],
        env: { PORT: String(PORT) },
      });
      servers.push(idp, dashboard);
      browser = await launchChromium();
      await Promise.all([idp.waitForUrl(`${IDP_ORIGIN}/`), dashboard.waitForUrl(`${APP}/`)]);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await stopAll(servers);
    });

    test(`:${PORT} admin: deep link /admin → login, wrong then right password → /admin → logout → signed out → Back`, async () => {
      if (!browser) throw new Error("Chromium did not start");
      await withPage(browser, `lambda-admin-${PORT}`, (page) => adminJourney(page, { app: APP }));
    }, 30_000);
  },
);
