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
main{max-width:440px;margin:48px auto;background:#fff;border-radius:6px;box-shadow:0 1px 4px rgba(0,28,36,.25);padding:28px 32px}
h1{font-size:20px;margin:0 0 18px}
label{display:block;font-weight:600;margin:14px 0 4px}
input[type=text],input[type=password]{width:100%;padding:8px 10px;border:1px solid #aab7b8;border-radius:3px;font-size:15px}
input[type=submit]{width:100%;margin-top:22px;padding:10px;border:0;border-radius:3px;background:#b84f00;color:#fff;font-weight:600;font-size:15px;cursor:pointer}
input[type=submit]:hover{background:#a84600}
.error{background:#fde7e9;border:1px solid #d13212;color:#a4250a;padding:8px 10px;border-radius:3px;margin-bottom:10px}
.hint{color:#545b64;font-size:13px;margin-top:18px}
.notice{background:#f1faff;border:1px solid #0073bb;padding:8px 10px;border-radius:3px;margin-bottom:10px}
code{background:#f2f3f3;padding:1px 4px;border-radius:3px}
.divider{text-align:center;color:#545b64;margin:20px 0 8px;font-size:13px}
.idp-button{display:block;width:100%;margin-top:8px;padding:10px;border:1px solid #545b64;border-radius:3px;background:#fff;color:#16191f;font-weight:600;font-size:15px;text-align:center;text-decoration:none;cursor:pointer}
.idp-button:hover{background:#f2f3f3}
.mock-users{margin-top:22px;border:1px dashed #e0c35c;background:#fffbea;border-radius:4px;padding:10px 12px;font-size:13px}
.mock-users h2{font-size:13px;margin:0 0 6px}
.mock-users ul{margin:0;padding-left:18px}
.mock-users li{margin:3px 0;overflow-wrap:anywhere}
.mock-users .note{color:#545b64}
.outbox article{border-top:1px solid #d5dbdb;padding:10px 0}
.outbox pre{white-space:pre-wrap;margin:6px 0 0}
`;

/**
 * The frame of every page of the mock: the offline banner, then the content.
 * @example layout("Signin", "<h1>…</h1>")
 */
export function layout(title: string, body: string): string {
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
<p>Outbox (invitations and reset codes): <a href="/outbox">/outbox</a>. User-pool API: <code>POST /</code> (AWS SDK endpoint).</p>
<p>Users (passwords are on the sign-in page, in the users file and the console):</p>
<ul>
${users}
</ul>
<p class="hint">Sign in through your app: it sends you to <code>/oauth2/authorize</code>.</p>`,
  );
}

/** What the outbox page shows of a message. */
export interface OutboxEntry {
  sentAt: string;
  medium: string;
  to: string;
  subject: string;
  body: string;
}

/**
 * `GET /outbox`: the mail Cognito would have sent, newest first.
 * @example outboxPage([{ sentAt, medium: "EMAIL", to, subject, body }])
 */
export function outboxPage(messages: readonly OutboxEntry[]): string {
  const items = messages
    .map(
      (m) => `<article>
<div><strong>${escapeHtml(m.subject)}</strong> to <code>${escapeHtml(m.to)}</code> (${escapeHtml(m.medium)})</div>
<div class="hint">${escapeHtml(m.sentAt)}</div>
<pre>${escapeHtml(m.body)}</pre>
</article>`,
    )
    .join("\n");
  return layout(
    "Outbox",
    `<h1>Outbox</h1>
<p>Mail and SMS that Cognito would have sent (invitations with temporary passwords, password-reset codes). Newest first; also as <a href="/outbox.json">JSON</a>.</p>
<div class="outbox">
${items || '<p class="hint">Nothing sent yet.</p>'}
</div>`,
  );
}
