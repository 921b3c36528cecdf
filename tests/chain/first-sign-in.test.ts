// Binds a registered local port: run under `flock /tmp/ports.lock`.
// The journeys the mock's user-pool API and federated provider open, through the real dashboard:
// an invited colleague's first sign-in (temporary password from the outbox, then a new one), a
// disabled user's session ending at renewal, the federated sign-in, and refresh-token rotation.
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import type { LocalServer } from "@cognito-dashboard/dashboard";
import { CALLBACK_PATH, mockOutboxJsonUrl, mockUserPoolApi } from "@cognito-dashboard/local-dev";
import type { MockIdp, OutboxJson } from "@cognito-dashboard/mock-idp";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Browser, parseForms, type Visit } from "./browser.ts";
import {
  ADMIN,
  apiMe,
  DEMO,
  describeHops,
  openLoginForm,
  startDashboard,
  startIdp,
} from "./harness.ts";

const PORT = 8000;
const APP = `http://localhost:${PORT}`;
const CHOSEN = "Colleague-Chose-Passw0rd!";

let idp: MockIdp;
let dashboard: LocalServer;
let cognito: CognitoIdentityProviderClient;

/** A user of the mock's federated provider (CorporateSSO). */
const SAM = { email: "sam.sso@corp.example", name: "Sam Sso", federated: true } as const;

beforeAll(async () => {
  idp = await startIdp({ users: [ADMIN, DEMO, SAM] });
  dashboard = await startDashboard(PORT, idp);
  cognito = new CognitoIdentityProviderClient({
    ...mockUserPoolApi(idp.url, idp.userPoolId),
    maxAttempts: 1,
  });
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  cognito?.destroy();
  await dashboard?.close();
  await idp?.stop();
});

/** The one form of a page that has a field named `field`. */
function formWith(visit: Visit, field: string) {
  const found = parseForms(visit.body, visit.url).find((f) => f.fieldNames.includes(field));
  if (!found) throw new Error(`no form with ${field} on ${visit.url}`);
  return found;
}

async function invite(email: string, name: string): Promise<string> {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: idp.userPoolId,
      Username: email,
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
        { Name: "name", Value: name },
      ],
      DesiredDeliveryMediums: ["EMAIL"],
    }),
  );
  const outbox = (await (
    await fetch(`${mockOutboxJsonUrl(idp.url)}?to=${encodeURIComponent(email)}`)
  ).json()) as OutboxJson;
  const password = outbox.messages.at(-1)?.temporaryPassword;
  if (!password) throw new Error(`no invitation for ${email} in the outbox`);
  return password;
}

describe("an invited colleague's first sign-in", () => {
  it("temporary password from the outbox, the new-password page, then the deep link; the new password holds", async () => {
    const email = "new.colleague@example.com";
    const temporary = await invite(email, "New Colleague");

    const browser = new Browser();
    const login = await openLoginForm(browser, `${APP}/?week=3`, idp);
    // The mock lists its users on the sign-in page, the new one with the temporary password.
    expect(login.visit.body).toContain(email);
    const step = await browser.submit(login.action, {
      ...login.hidden,
      username: email,
      password: temporary,
    });
    expect(step.response.status, describeHops(step)).toBe(200);
    expect(new URL(step.url).origin).toBe(idp.url);
    expect(step.body).toContain("Change Password");
    const change = formWith(step, "newPassword");

    const weak = await browser.submit(change.action, {
      ...change.hidden,
      newPassword: "colleague1!",
      confirmPassword: "colleague1!",
    });
    expect(weak.body).toContain(
      "Password does not conform to policy: Password must have uppercase characters",
    );
    const retry = formWith(weak, "newPassword");
    const landed = await browser.submit(retry.action, {
      ...retry.hidden,
      newPassword: CHOSEN,
      confirmPassword: CHOSEN,
    });
    expect(landed.hops.some((h) => new URL(h.url).pathname === CALLBACK_PATH)).toBe(true);
    expect(landed.url, describeHops(landed)).toBe(`${APP}/?week=3`);
    expect(await apiMe(browser, APP)).toMatchObject({
      status: 200,
      body: { email, name: "New Colleague", groups: [] },
    });

    // Another browser: the chosen password signs in directly.
    const other = new Browser();
    const form = await openLoginForm(other, `${APP}/`, idp);
    const direct = await other.submit(form.action, {
      ...form.hidden,
      username: email,
      password: CHOSEN,
    });
    expect(direct.url).toBe(`${APP}/`);
    expect(direct.body).toContain("New Colleague");
  });

  it("a disabled user's session ends at its next renewal, and the sign-in refuses them", async () => {
    const email = "soon.disabled@example.com";
    const temporary = await invite(email, "Soon Disabled");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const browser = new Browser();
    const login = await openLoginForm(browser, `${APP}/`, idp);
    const step = await browser.submit(login.action, {
      ...login.hidden,
      username: email,
      password: temporary,
    });
    const change = formWith(step, "newPassword");
    await browser.submit(change.action, {
      ...change.hidden,
      newPassword: CHOSEN,
      confirmPassword: CHOSEN,
    });
    expect((await apiMe(browser, APP)).status).toBe(200);

    await cognito.send(
      new AdminDisableUserCommand({ UserPoolId: idp.userPoolId, Username: email }),
    );
    // Stateless session: still open until its ID token expires and the renewal is refused.
    expect((await apiMe(browser, APP)).status).toBe(200);
    vi.setSystemTime(Date.now() + (idp.config.idTokenTtl + 60) * 1000);
    expect((await apiMe(browser, APP)).status).toBe(401);
    const again = await openLoginForm(browser, `${APP}/`, idp);
    const refused = await browser.submit(again.action, {
      ...again.hidden,
      username: email,
      password: CHOSEN,
    });
    expect(refused.response.status).toBe(200);
    expect(refused.body).toContain("User is disabled.");
  });
});

describe("the federated sign-in", () => {
  it("the provider's button, its page, back at the deep link as CorporateSSO_<id>", async () => {
    const browser = new Browser();
    const login = await openLoginForm(browser, `${APP}/?tab=sso`, idp);
    const button = /id="idpButton" href="([^"]+)"/.exec(login.visit.body)?.[1];
    expect(button).toBeDefined();
    const provider = await browser.navigate(
      new URL((button as string).replaceAll("&amp;", "&"), idp.url).href,
    );
    expect(new URL(provider.url).pathname).toBe("/login/federated");
    expect(provider.body).toContain("CorporateSSO");
    const choose = parseForms(provider.body, provider.url).find(
      (f) => f.hidden.user === "sam.sso@corp.example",
    );
    if (!choose) throw new Error(`no button for the provider's user on ${provider.url}`);
    const landed = await browser.submit(choose.action, choose.hidden);
    expect(landed.url, describeHops(landed)).toBe(`${APP}/?tab=sso`);
    const me = await apiMe(browser, APP);
    expect(me).toMatchObject({
      status: 200,
      body: { email: "sam.sso@corp.example", name: "Sam Sso" },
    });
    expect((me.body as { groups: string[] }).groups).toEqual([`${idp.userPoolId}_CorporateSSO`]);
  });
});

describe("refresh-token rotation", () => {
  it("the middleware keeps the rotated refresh token: two renewals in a row work", async () => {
    const rotating = await startIdp({ refreshTokenRotation: { enabled: true } });
    await dashboard.close();
    dashboard = await startDashboard(PORT, rotating);
    try {
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
      const browser = new Browser();
      const login = await openLoginForm(browser, `${APP}/`, rotating);
      await browser.submit(login.action, {
        ...login.hidden,
        username: DEMO.email,
        password: DEMO.password,
      });
      for (const round of [1, 2]) {
        vi.setSystemTime(Date.now() + (rotating.config.idTokenTtl + 60) * 1000);
        const renewed = await browser.request(`${APP}/api/me`, {
          headers: { accept: "application/json" },
        });
        expect(renewed.status, `renewal ${round}`).toBe(200);
        expect(renewed.headers.getSetCookie().some((c) => c.startsWith("cdash_session="))).toBe(
          true,
        );
      }
    } finally {
      await dashboard.close();
      await rotating.stop();
      dashboard = await startDashboard(PORT, idp);
    }
  });
});
