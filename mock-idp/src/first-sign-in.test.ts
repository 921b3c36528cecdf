/**
 * The hosted UI's steps after a right password: a new password for a user with a temporary one
 * (FORCE_CHANGE_PASSWORD), the code and a new password after an admin's reset (RESET_REQUIRED),
 * and the refusals of disabled users and expired temporary passwords.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CHALLENGE_TTL_SECONDS } from "./challenge-session.ts";
import { type MockIdp, startMockIdp } from "./index.ts";
import {
  codeFrom,
  form,
  hiddenField,
  REDIRECT_URI,
  signIn,
  type TestBrowser,
  tokensFor,
} from "./test-support.ts";

const TEMPORARY = "Temp-Passw0rd!";
const CHOSEN = "Chosen-Passw0rd!";
let idp: MockIdp;

beforeAll(async () => {
  idp = await startMockIdp({
    port: 0,
    quiet: true,
    users: [
      { email: "demo@example.com", password: "Passw0rd!", name: "Demo" },
      {
        email: "new1@example.com",
        password: TEMPORARY,
        name: "New One",
        status: "FORCE_CHANGE_PASSWORD",
      },
      {
        email: "new2@example.com",
        password: TEMPORARY,
        name: "New Two",
        status: "FORCE_CHANGE_PASSWORD",
      },
      {
        email: "new3@example.com",
        password: TEMPORARY,
        name: "New Three",
        status: "FORCE_CHANGE_PASSWORD",
      },
      { email: "off@example.com", password: "Passw0rd!", name: "Off", enabled: false },
      { email: "reset@example.com", password: "Passw0rd!", name: "Reset" },
    ],
  });
});
afterAll(() => idp.stop());
afterEach(() => {
  vi.useRealTimers();
});

/** Answers the new-password page shown after `answer`. */
async function choose(
  browser: TestBrowser,
  loginUrl: URL,
  page: string,
  fields: Record<string, string>,
): Promise<Response> {
  return browser.fetch(
    loginUrl.toString(),
    form({
      _csrf: hiddenField(page, "_csrf"),
      challenge: hiddenField(page, "challenge"),
      session: hiddenField(page, "session"),
      ...fields,
    }),
  );
}

describe("FORCE_CHANGE_PASSWORD: the new-password page", () => {
  it("asks for a new password before the redirect, checks Cognito's policy, then signs in; the new password holds", async () => {
    const { browser, answer, loginUrl } = await signIn(
      idp,
      {},
      { username: "new1@example.com", password: TEMPORARY },
    );
    expect(answer.status).toBe(200);
    let page = await answer.text();
    expect(page).toContain('name="newPassword"');
    expect(page).toContain('name="confirmPassword"');
    expect(page).toContain("new1@example.com");
    expect(hiddenField(page, "challenge")).toBe("NEW_PASSWORD_REQUIRED");

    const rules: [string, string][] = [
      ["Sh0rt!", "Password not long enough"],
      ["NOLOWER1!", "Password must have lowercase characters"],
      ["noupper1!", "Password must have uppercase characters"],
      ["NoDigits!!", "Password must have numeric characters"],
      ["NoSymbols11", "Password must have symbol characters"],
    ];
    for (const [password, rule] of rules) {
      const refused = await choose(browser, loginUrl, page, {
        newPassword: password,
        confirmPassword: password,
      });
      expect(refused.status, password).toBe(200);
      page = await refused.text();
      expect(page).toContain(`Password does not conform to policy: ${rule}`);
    }
    const mismatch = await choose(browser, loginUrl, page, {
      newPassword: CHOSEN,
      confirmPassword: `${CHOSEN}x`,
    });
    page = await mismatch.text();
    expect(page).toContain("Password fields do not match.");
    expect(idp.userPool.find("new1@example.com")?.status).toBe("FORCE_CHANGE_PASSWORD");

    const done = await choose(browser, loginUrl, page, {
      newPassword: CHOSEN,
      confirmPassword: CHOSEN,
    });
    expect(codeFrom(done)).toBeTruthy();
    expect(new URL(done.headers.get("location") ?? "").searchParams.get("state")).toBe("st-123");
    expect(idp.userPool.find("new1@example.com")?.status).toBe("CONFIRMED");

    // The temporary password is gone; the chosen one signs in directly from now on.
    const old = await signIn(idp, {}, { username: "new1@example.com", password: TEMPORARY });
    expect(await old.answer.text()).toContain("Incorrect username or password.");
    const tokens = await tokensFor(idp, {}, { username: "new1@example.com", password: CHOSEN });
    expect(tokens.id_token).toBeTypeOf("string");
  });

  it("refuses a wrong temporary password like any wrong password", async () => {
    const { answer } = await signIn(
      idp,
      {},
      { username: "new2@example.com", password: "Not-the-temp0!" },
    );
    const page = await answer.text();
    expect(page).toContain("Incorrect username or password.");
    expect(page).not.toContain('name="newPassword"');
  });

  it("ends the step after 3 minutes, and a session cannot be moved to another sign-in", async () => {
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const first = await signIn(idp, {}, { username: "new2@example.com", password: TEMPORARY });
    const page = await first.answer.text();
    const second = await signIn(idp, {}, { username: "new3@example.com", password: TEMPORARY });
    // new3's page, answered with new2's session: refused, nobody's password changes.
    const moved = await second.browser.fetch(
      second.loginUrl.toString(),
      form({
        _csrf: hiddenField(await second.answer.text(), "_csrf"),
        challenge: "NEW_PASSWORD_REQUIRED",
        session: hiddenField(page, "session"),
        newPassword: CHOSEN,
        confirmPassword: CHOSEN,
      }),
    );
    expect(await moved.text()).toContain("Invalid session for the user, session is expired.");
    vi.setSystemTime(start + (CHALLENGE_TTL_SECONDS + 1) * 1000);
    const late = await choose(first.browser, first.loginUrl, page, {
      newPassword: CHOSEN,
      confirmPassword: CHOSEN,
    });
    expect(late.status).toBe(200);
    expect(await late.text()).toContain("Invalid session for the user, session is expired.");
    expect(idp.userPool.find("new2@example.com")?.status).toBe("FORCE_CHANGE_PASSWORD");
    expect(idp.userPool.find("new3@example.com")?.status).toBe("FORCE_CHANGE_PASSWORD");
  });

  it("refuses a temporary password older than 7 days", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 7 * 24 * 3600 * 1000 + 1000 });
    const { answer } = await signIn(idp, {}, { username: "new3@example.com", password: TEMPORARY });
    expect(await answer.text()).toContain(
      "Temporary password has expired and must be reset by an administrator.",
    );
  });
});

describe("refusals and resets", () => {
  it("refuses a disabled user with Cognito's message, only once the password is right", async () => {
    const right = await signIn(idp, {}, { username: "off@example.com", password: "Passw0rd!" });
    expect(right.answer.status).toBe(200);
    expect(await right.answer.text()).toContain("User is disabled.");
    const wrong = await signIn(idp, {}, { username: "off@example.com", password: "nope" });
    expect(await wrong.answer.text()).toContain("Incorrect username or password.");
  });

  it("RESET_REQUIRED: the code from the outbox and a new password, then the sign-in form again", async () => {
    const user = idp.userPool.get("reset@example.com");
    idp.userPool.resetPassword(user);
    const code = idp.outbox().find((m) => m.to === "reset@example.com")?.code as string;
    const { browser, answer, loginUrl } = await signIn(
      idp,
      {},
      { username: "reset@example.com", password: "Passw0rd!" },
    );
    let page = await answer.text();
    expect(page).toContain('name="code"');
    expect(hiddenField(page, "challenge")).toBe("RESET_REQUIRED");
    const wrong = await choose(browser, loginUrl, page, {
      code: code === "000000" ? "111111" : "000000",
      newPassword: CHOSEN,
      confirmPassword: CHOSEN,
    });
    page = await wrong.text();
    expect(page).toContain("Invalid verification code provided, please try again.");
    const done = await choose(browser, loginUrl, page, {
      code,
      newPassword: CHOSEN,
      confirmPassword: CHOSEN,
    });
    expect(done.status).toBe(200);
    const form = await done.text();
    expect(form).toContain("Your password has been reset.");
    expect(form).toContain('name="cognitoSignInForm"');
    expect(user.status).toBe("CONFIRMED");
    const again = await browser.fetch(
      loginUrl.toString(),
      formOf(form, { username: "reset@example.com", password: CHOSEN }),
    );
    expect(again.status).toBe(302);
    expect(again.headers.get("location")?.startsWith(REDIRECT_URI)).toBe(true);
  });
});

describe("the sign-in page lists the mock's users", () => {
  it("with their passwords as they are now, marked as the mock's", async () => {
    const { html } = await signIn(idp);
    expect(html).toContain("Mock IdP only");
    expect(html).toContain("<code>demo@example.com</code>");
    expect(html).toContain("<code>Passw0rd!</code>");
    expect(html).toMatch(/off@example\.com.*disabled/s);
    expect(html).toMatch(/new2@example\.com.*Temp-Passw0rd!.*temporary: asks for a new password/s);
  });
});

function formOf(page: string, fields: Record<string, string>): RequestInit {
  return form({ _csrf: hiddenField(page, "_csrf"), ...fields });
}
