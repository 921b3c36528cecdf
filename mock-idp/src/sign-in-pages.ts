import { escapeHtml, layout } from "./pages.ts";

/** A row of the mock's own list of users under the sign-in form. */
export interface ListedUser {
  email: string;
  /** The password that works now (for FORCE_CHANGE_PASSWORD, the temporary one). */
  password: string;
  note?: string;
}

/** What the sign-in page shows. */
export interface LoginPage {
  /** The query string of the original authorize request, without `?`; the form posts back to it. */
  query: string;
  csrf: string;
  /** Echoed into the username field after a failed attempt. */
  username?: string;
  error?: string;
  notice?: string;
  /** The federated provider's button: its name and the authorize URL it leads to. */
  provider?: { name: string; href: string };
  /** The mock's users, listed under the form (Cognito has no such list). */
  users: readonly ListedUser[];
  /** Where the pool's hosted UI is: "" (the root, the default) or "/<poolId>". */
  base?: string;
}

/**
 * The classic hosted UI's sign-in form, rendered once (Cognito renders it twice, for its mobile and
 * desktop layouts), with Cognito's form, field and button names; the federated provider's button
 * ("Sign in with your corporate ID"); and, clearly apart, the mock's users and passwords.
 * @example loginPage({ query: "client_id=abc", csrf: "t", users: [] }).includes('name="cognitoSignInForm"') // true
 */
export function loginPage(page: LoginPage): string {
  const action = `${page.base ?? ""}/login${page.query ? `?${page.query}` : ""}`;
  const provider = page.provider
    ? `<p class="divider">Sign in with your corporate ID</p>
<a class="idp-button" id="idpButton" href="${escapeHtml(page.provider.href)}">${escapeHtml(page.provider.name)}</a>
<p class="divider">Sign in with your email and password</p>\n`
    : "";
  const heading = page.provider ? "Sign in" : "Sign in with your email and password";
  return layout(
    "Signin",
    `<h1>${heading}</h1>
${message(page)}${provider}<form name="cognitoSignInForm" class="cognito-asf" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}">
<label for="signInFormUsername">Email</label>
<input id="signInFormUsername" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${escapeHtml(page.username ?? "")}">
<label for="signInFormPassword">Password</label>
<input id="signInFormPassword" name="password" type="password" autocomplete="current-password" required>
<input name="signInSubmitButton" type="submit" value="Sign in">
</form>
${usersList(page.users)}`,
  );
}

/** What the new-password and reset pages show. */
export interface PasswordPage {
  query: string;
  csrf: string;
  /** The signed token of this step (Cognito's challenge session). */
  session: string;
  email: string;
  error?: string;
  base?: string;
}

/**
 * The hosted UI's step for a user with a temporary password (FORCE_CHANGE_PASSWORD): choose a
 * new password, checked against the pool's policy, before the redirect to the app.
 * @example newPasswordPage({ query, csrf, session, email })
 */
export function newPasswordPage(page: PasswordPage): string {
  return passwordForm(
    page,
    "Change Password",
    "Please enter a new password.",
    "NEW_PASSWORD_REQUIRED",
    "",
  );
}

/**
 * The hosted UI's step for a user whose password an admin reset (RESET_REQUIRED): the code from
 * the mail and a new password.
 * @example resetPasswordPage({ query, csrf, session, email })
 */
export function resetPasswordPage(page: PasswordPage): string {
  return passwordForm(
    page,
    "Reset your password",
    "We have sent a password reset code by email. Enter it below to reset your password.",
    "RESET_REQUIRED",
    `<label for="resetCode">Code</label>
<input id="resetCode" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required>
`,
  );
}

function passwordForm(
  page: PasswordPage,
  title: string,
  intro: string,
  challenge: string,
  extraFields: string,
): string {
  const action = `${page.base ?? ""}/login${page.query ? `?${page.query}` : ""}`;
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(intro)} (<code>${escapeHtml(page.email)}</code>)</p>
${message(page)}<form name="cognitoNewPasswordForm" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}">
<input type="hidden" name="challenge" value="${challenge}">
<input type="hidden" name="session" value="${escapeHtml(page.session)}">
${extraFields}<label for="newPassword">New Password</label>
<input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
<label for="confirmPassword">Enter New Password Again</label>
<input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required>
<input name="newPasswordSubmitButton" type="submit" value="Send">
</form>
<p class="hint">Password requirements: at least 8 characters, with a lowercase and an uppercase letter, a number and a symbol.</p>`,
  );
}

/** What the federated provider's page shows. */
export interface ProviderPage {
  providerName: string;
  query: string;
  csrf: string;
  users: readonly { userId: string; email: string; name: string }[];
  error?: string;
  base?: string;
}

/**
 * The federated provider's own sign-in page, which the mock plays: one button per user of the
 * provider (from the users file). Choosing one signs in as that user, linked into the pool.
 * @example providerPage({ providerName: "CorporateSSO", query, csrf, users })
 */
export function providerPage(page: ProviderPage): string {
  const action = `${page.base ?? ""}/login/federated?${page.query}`;
  const buttons = page.users
    .map(
      (u) => `<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}">
<input type="hidden" name="user" value="${escapeHtml(u.userId)}">
<button class="idp-button" type="submit">${escapeHtml(u.name)} &lt;${escapeHtml(u.email)}&gt;</button>
</form>`,
    )
    .join("\n");
  return layout(
    `${page.providerName} sign-in`,
    `<h1>${escapeHtml(page.providerName)}</h1>
<p>The mock plays this identity provider: choose who signs in. A real provider would ask for its own credentials here.</p>
${message(page)}${buttons || '<p class="hint">This provider has no users: add one to the users file with <code>"federated": true</code>.</p>'}`,
  );
}

function message(page: { error?: string; notice?: string }): string {
  if (page.error) {
    return `<p class="error" id="loginErrorMessage" role="alert">${escapeHtml(page.error)}</p>\n`;
  }
  return page.notice ? `<p class="notice" role="status">${escapeHtml(page.notice)}</p>\n` : "";
}

function usersList(users: readonly ListedUser[]): string {
  if (users.length === 0) return "";
  const items = users
    .map(
      (u) =>
        `<li><code>${escapeHtml(u.email)}</code> / <code>${escapeHtml(u.password)}</code>${u.note ? ` <span class="note">${escapeHtml(u.note)}</span>` : ""}</li>`,
    )
    .join("\n");
  return `<aside class="mock-users" aria-label="The mock's users">
<h2>Mock IdP only: its users and passwords (real Cognito never shows these)</h2>
<ul>
${items}
</ul>
</aside>`;
}
