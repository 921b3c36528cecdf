import type { LOCAL_PORTS } from "@cognito-dashboard/local-dev";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { browserSuite, launchChromium, withPage } from "./chromium.ts";
import { adminJourney, demoJourney, twoTabsJourney } from "./journeys.ts";
import { IDP_ORIGIN } from "./pages.ts";
import { SCREENSHOT_DIR } from "./screenshots.ts";
import { assertFree, type ServerProcess, startNpm, stopAll } from "./server-process.ts";

// Two of the registered ports: the first and the last, so that a port-specific mistake shows.
const PORTS = [3000, 8050] as const satisfies readonly (typeof LOCAL_PORTS)[number][];
const appOrigin = (port: number) => `http://localhost:${port}`;

browserSuite("the login chain in Chromium, `npm run mock-idp` + `PORT=… npm run dev`", (test) => {
  let browser: Browser | undefined;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    await Promise.all([IDP_ORIGIN, ...PORTS.map(appOrigin)].map((url) => assertFree(url)));
    const idp = startNpm({ npmArgs: ["run", "mock-idp"] });
    servers.push(idp);
    const dashboards = PORTS.map((port) =>
      startNpm({ npmArgs: ["run", "dev"], env: { PORT: String(port) } }),
    );
    servers.push(...dashboards);
    browser = await launchChromium();
    await Promise.all([
      idp.waitForUrl(`${IDP_ORIGIN}/`),
      ...PORTS.map((port, index) => dashboards[index]?.waitForUrl(`${appOrigin(port)}/`)),
    ]);
    console.log(`screenshots go to ${SCREENSHOT_DIR}`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stopAll(servers);
  });

  const use = () => {
    if (!browser) throw new Error("Chromium did not start");
    return browser;
  };

  for (const port of PORTS) {
    const app = appOrigin(port);
    test(
      `:${port} admin: deep link /admin → login, wrong then right password → /admin → logout → signed out → Back`,
      () =>
        withPage(use(), `admin-${port}`, (page) =>
          adminJourney(page, { app, screenshots: port === PORTS[0] }),
        ),
      30_000,
    );

    test(
      `:${port} demo user: deep link /?tab=x → login → greeted → phone-sized nav fits → /admin is 403 → logout → signed out → sign in again`,
      () =>
        withPage(use(), `demo-${port}`, (page) =>
          demoJourney(page, { app, screenshots: port === PORTS[0] }),
        ),
      30_000,
    );
  }

  test(
    `:${PORTS[0]} two tabs of one browser sign in at once; both end signed in`,
    () => withPage(use(), "two-tabs", (page) => twoTabsJourney(page, { app: appOrigin(PORTS[0]) })),
    30_000,
  );
});
