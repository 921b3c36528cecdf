/**
 * Escapes text for HTML element content and double-quoted attributes.
 * @example escapeHtml(`<a href="x">`) // "&lt;a href=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f2f3f3;color:#16191f}
.mock-banner{background:#fff4ce;border-bottom:1px solid #e0c35c;padding:8px 16px;text-align:center;font-size:13px}
main{max-width:380px;margin:48px auto;background:#fff;border-radius:6px;box-shadow:0 1px 4px rgba(0,28,36,.25);padding:28px 32px}
h1{font-size:20px;margin:0 0 18px}
label{display:block;font-weight:600;margin:14px 0 4px}
input[type=text],input[type=password]{width:100%;padding:8px 10px;border:1px solid #aab7b8;border-radius:3px;font-size:15px}
input[type=submit]{width:100%;margin-top:22px;padding:10px;border:0;border-radius:3px;background:#ec7211;color:#fff;font-weight:600;font-size:15px;cursor:pointer}
input[type=submit]:hover{background:#eb5f07}
.error{background:#fde7e9;border:1px solid #d13212;color:#a4250a;padding:8px 10px;border-radius:3px;margin-bottom:10px}
.hint{color:#545b64;font-size:13px;margin-top:18px}
code{background:#f2f3f3;padding:1px 4px;border-radius:3px}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="mock-banner" role="note">Offline mock of the Amazon Cognito hosted UI, for local development only. Not AWS.</div>
<main>
${body}
</main>
</body>
</html>
`;
}

/** What the sign-in page shows. */
export interface LoginPage {
  /** The query string of the original authorize request, without `?`; the form posts back to it. */
  query: string;
  csrf: string;
  /** Echoed into the username field after a failed attempt. */
  username?: string;
  error?: string;
}

/**
 * The classic hosted UI's sign-in form, rendered once (Cognito renders it twice, for its mobile and
 * desktop layouts), with Cognito's form, field and button names.
 * @example loginPage({ query: "client_id=abc", csrf: "t" }).includes('name="cognitoSignInForm"') // true
 */
export function loginPage(page: LoginPage): string {
  const action = page.query ? `/login?${page.query}` : "/login";
  const error = page.error
    ? `<p class="error" id="loginErrorMessage" role="alert">${escapeHtml(page.error)}</p>\n`
    : "";
  return layout(
    "Signin",
    `<h1>Sign in with your email and password</h1>
${error}<form name="cognitoSignInForm" class="cognito-asf" method="post" action="${escapeHtml(action)}">
<input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}">
<label for="signInFormUsername">Email</label>
<input id="signInFormUsername" name="username" type="text" autocomplete="username" autocapitalize="none" required value="${escapeHtml(page.username ?? "")}">
<label for="signInFormPassword">Password</label>
<input id="signInFormPassword" name="password" type="password" autocomplete="current-password" required>
<input name="signInSubmitButton" type="submit" value="Sign in">
</form>
<p class="hint">Users are listed in the mock's users file (default <code>mock-idp/users.json</code>).</p>`,
  );
}

/**
 * An error page in Cognito's wording, with a hint for the developer reading it.
 * @example errorPage("An error was encountered with the requested page.", "redirect_mismatch")
 */
export function errorPage(message: string, detail?: string): string {
  const hint = detail ? `<p class="hint">${escapeHtml(detail)}</p>` : "";
  return layout(
    "Error",
    `<h1>Error</h1>\n<p class="error" role="alert">${escapeHtml(message)}</p>\n${hint}`,
  );
}

/** What the start page lists. */
export interface HomePage {
  issuer: string;
  clientId: string;
  userPoolId: string;
  users: readonly { email: string; groups: readonly string[] }[];
}

/**
 * `GET /`: what this server is, for a person who opens it in a browser (Cognito has no such
 * page). Lists the client id and the users' emails, never a password or secret.
 * @example homePage({ issuer, clientId, userPoolId, users })
 */
export function homePage(page: HomePage): string {
  const users = page.users
    .map(
      (u) =>
        `<li><code>${escapeHtml(u.email)}</code>${u.groups.length ? ` (${escapeHtml(u.groups.join(", "))})` : ""}</li>`,
    )
    .join("\n");
  const discovery = `/${page.userPoolId}/.well-known/openid-configuration`;
  return layout(
    "Offline Cognito hosted UI",
    `<h1>Offline Cognito hosted UI</h1>
<p>Issuer <code>${escapeHtml(page.issuer)}</code>, app client <code>${escapeHtml(page.clientId)}</code>.</p>
<p>Discovery: <a href="${escapeHtml(discovery)}">${escapeHtml(discovery)}</a></p>
<p>Users (passwords are in the users file and the console):</p>
<ul>
${users}
</ul>
<p class="hint">Sign in through your app: it sends you to <code>/oauth2/authorize</code>.</p>`,
  );
}
