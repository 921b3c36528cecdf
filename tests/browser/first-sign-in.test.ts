// The new-password journey and the federated journey in Chromium, against `npm run mock-idp` and
// `PORT=5000 npm run dev`: an admin tool invites a colleague through the mock's user-pool API
// (the real AWS SDK), the colleague signs in with the temporary password from the outbox and is
// made to choose a new one; a corporate user signs in through the federated provider's button.
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { MOCK_IDP, mockOutboxJsonUrl, mockUserPoolApi } from "@cognito-dashboard/local-dev";
import type { OutboxJson } from "@cognito-dashboard/mock-idp";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { browserSuite, launchChromium, withPage } from "./chromium.ts";
import {
  expectArrival,
  expectGreeting,
  expectHostedLogin,
  IDP_ORIGIN,
  open,
  signIn,
} from "./pages.ts";
import { screenshot } from "./screenshots.ts";
import { assertFree, type ServerProcess, startNpm, stopAll } from "./server-process.ts";

const PORT = 5000;
const APP = `http://localhost:${PORT}`;

/** Invites a colleague as the dashboard's admin page would, and reads the mail the mock kept. */
async function invite(email: string, name: string): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({ ...mockUserPoolApi(), maxAttempts: 1 });
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: MOCK_IDP.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: name },
        ],
        DesiredDeliveryMediums: ["EMAIL"],
      }),
    );
  } finally {
    cognito.destroy();
  }
  const outbox = (await (
    await fetch(`${mockOutboxJsonUrl(IDP_ORIGIN)}?to=${email}`)
  ).json()) as OutboxJson;
  const password = outbox.messages.at(-1)?.temporaryPassword;
  if (!password) throw new Error(`no invitation to ${email} in the mock's outbox`);
  return password;
}

/** Types a new password twice on the hosted UI's new-password page and presses "Send". */
async function chooseNewPassword(page: Page, password: string): Promise<void> {
  await page.getByLabel("New Password", { exact: true }).fill(password);
  await page.getByLabel("Enter New Password Again").fill(password);
  const answered = page.waitForEvent("framenavigated", {
    predicate: (frame) => frame === page.mainFrame(),
  });
  await page.getByRole("button", { name: "Send" }).click();
  await answered;
}

browserSuite(
  "first sign-in and federation in Chromium, `npm run mock-idp` + `PORT=5000 npm run dev`",
  (test) => {
    let browser: Browser | undefined;
    const servers: ServerProcess[] = [];

    beforeAll(async () => {
      await Promise.all([IDP_ORIGIN, APP].map((url) => assertFree(url)));
      const idp = startNpm({ npmArgs: ["run", "mock-idp"] });
      const dashboard = startNpm({ npmArgs: ["run", "dev"], env: { PORT: String(PORT) } });
      servers.push(idp, dashboard);
      browser = await launchChromium();
      await Promise.all([idp.waitForUrl(`${IDP_ORIGIN}/`), dashboard.waitForUrl(`${APP}/`)]);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await stopAll(servers);
    });

    const use = () => {
      if (!browser) throw new Error("Chromium did not start");
      return browser;
    };

    test(
      "an invited colleague: temporary password from the outbox → new-password page → policy message → deep link",
      () =>
        withPage(use(), "new-password", async (page) => {
          const colleague = { email: "invited.colleague@example.com", name: "Invited Colleague" };
          const temporary = await invite(colleague.email, colleague.name);
          await open(page, `${APP}/?from=invite`);
          await expectHostedLogin(page);
          // The mock lists the new user with the temporary password under its form.
          await page.getByText(colleague.email).first().waitFor();

          await signIn(page, colleague.email, temporary);
          await page.getByRole("heading", { name: "Change Password" }).waitFor();
          expect(new URL(page.url()).origin).toBe(IDP_ORIGIN);
          await screenshot(page, "new-password");

          await chooseNewPassword(page, "only-lowercase-1!");
          await page
            .getByRole("alert")
            .filter({ hasText: "Password must have uppercase characters" })
            .waitFor();
          await chooseNewPassword(page, "Invited-Chose-Passw0rd!");
          await expectArrival(page, `${APP}/?from=invite`);
          await expectGreeting(page, { ...colleague, password: "" });
        }),
      30_000,
    );

    test(
      "a corporate user: the CorporateSSO button → the provider's page → deep link, greeted by name",
      () =>
        withPage(use(), "federated", async (page) => {
          await open(page, `${APP}/?from=sso`);
          await expectHostedLogin(page);
          await screenshot(page, "login-choices");
          await page.getByRole("link", { name: "CorporateSSO" }).click();
          await page.getByRole("heading", { name: "CorporateSSO" }).waitFor();
          expect(new URL(page.url()).pathname).toBe("/login/federated");
          await screenshot(page, "federated");
          await page.getByRole("button", { name: /sam\.sso@corp\.example/ }).click();
          await expectArrival(page, `${APP}/?from=sso`);
          await expectGreeting(page, {
            email: "sam.sso@corp.example",
            name: "Sam Sso",
            password: "",
          });
        }),
      30_000,
    );
  },
);
