/**
 * The whole stylesheet, inlined in every page: no external fonts or CDNs, so the dashboard looks
 * the same offline, and the Content-Security-Policy can stay `default-src 'none'`.
 */
export const STYLES = `
:root {
  --bg: #f4f6fa; --surface: #fff; --border: #e3e7ee; --text: #1b2330; --muted: #5d6879;
  --brand: #3b5bdb; --brand-dark: #2f49b3; --brand-soft: #edf1ff;
  --ok: #1e6e31; --ok-soft: #ebfbee; --warn: #c92a2a; --warn-soft: #fff1f1;
  --radius: 12px; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue",
    Arial, "Liberation Sans", sans-serif;
}
a { color: var(--brand); text-decoration: none; }
a:hover { text-decoration: underline; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .875rem; }
.nav { background: var(--surface); border-bottom: 1px solid var(--border); }
.nav-inner {
  max-width: 1040px; margin: 0 auto; padding: 0 24px; height: 64px;
  display: flex; align-items: center; gap: 24px;
}
.brand { white-space: nowrap; display: flex; align-items: center; gap: 10px; font-weight: 700; font-size: 1.125rem; color: var(--text); }
.brand:hover { text-decoration: none; }
.logo {
  width: 30px; height: 30px; border-radius: 8px; display: grid; place-items: center;
  background: linear-gradient(135deg, #4c6ef5, #15aabf); color: #fff; font-size: .875rem; font-weight: 800;
}
.nav-links { display: flex; gap: 18px; font-size: .9375rem; }
.nav-links a { color: var(--muted); font-weight: 500; }
.nav-links a[aria-current="page"] { color: var(--text); }
.nav-user { margin-left: auto; display: flex; align-items: center; gap: 14px; font-size: .9375rem; }
.avatar {
  width: 32px; height: 32px; border-radius: 50%; background: var(--brand-soft); color: var(--brand);
  display: grid; place-items: center; font-weight: 700; font-size: .875rem;
}
.nav-user .who { display: flex; flex-direction: column; line-height: 1.25; text-align: right; }
.who-name { font-weight: 600; font-size: .875rem; }
.who-email { color: var(--muted); font-size: .8125rem; }
form.inline { margin: 0; }
.button {
  white-space: nowrap; display: inline-block; font: inherit; font-size: .9375rem; font-weight: 600; cursor: pointer;
  padding: 8px 16px; border-radius: 8px; border: 1px solid var(--border);
  background: var(--surface); color: var(--text);
}
.button:hover { background: #f8f9fb; text-decoration: none; }
.button.primary { background: var(--brand); border-color: var(--brand); color: #fff; }
.button.primary:hover { background: var(--brand-dark); }
main { max-width: 1040px; margin: 0 auto; padding: 40px 24px 64px; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 6px; letter-spacing: -.01em; overflow-wrap: anywhere; }
h2 { font-size: 1.125rem; margin: 0 0 14px; }
.lead { color: var(--muted); font-size: 1.0625rem; margin: 0 0 32px; overflow-wrap: anywhere; }
.grid { display: grid; gap: 20px; grid-template-columns: repeat(auto-fit, minmax(min(100%, 400px), 1fr)); }
.card {
  background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius);
  box-shadow: var(--shadow); padding: 22px 24px;
}
.card p { margin: 0 0 10px; }
.card p:last-child { margin-bottom: 0; }
dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 8px 18px; }
dt { color: var(--muted); font-size: .875rem; padding-top: 2px; }
dd { margin: 0; overflow-wrap: anywhere; }
.chips { display: flex; flex-wrap: wrap; gap: 8px; }
.chip {
  display: inline-block; padding: 3px 10px; border-radius: 999px; font-size: .8125rem; font-weight: 600;
  background: var(--brand-soft); color: var(--brand);
}
.muted { color: var(--muted); }
.small { font-size: .875rem; }
.stat { font-size: 1.75rem; font-weight: 700; line-height: 1.2; }
.badge-ok { color: var(--ok); background: var(--ok-soft); }
.notice { max-width: 560px; margin: 48px auto 0; text-align: center; }
.notice .card { padding: 36px 32px; }
.status {
  display: inline-block; font-weight: 700; font-size: .8125rem; letter-spacing: .08em;
  color: var(--warn); background: var(--warn-soft); padding: 4px 12px; border-radius: 999px; margin-bottom: 14px;
}
.notice h1 { font-size: 1.625rem; }
.notice .lead { margin-bottom: 24px; }
.actions { display: flex; gap: 12px; justify-content: center; flex-wrap: wrap; }
.page-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 16px; flex-wrap: wrap; }
.flash {
  border-radius: 10px; padding: 12px 16px; margin: 0 0 24px; font-weight: 500;
  background: var(--ok-soft); color: var(--ok); border: 1px solid #b2f2bb;
}
.flash.error { background: var(--warn-soft); color: var(--warn); border-color: #ffc9c9; }
.search { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin: 0 0 18px; }
.search label { color: var(--muted); font-size: .875rem; }
input[type="text"], input[type="email"], input[type="search"], select {
  font: inherit; font-size: .9375rem; padding: 8px 12px; border: 1px solid var(--border);
  border-radius: 8px; background: var(--surface); color: var(--text); min-width: 0;
}
input:focus-visible, .button:focus-visible { outline: 2px solid var(--brand); outline-offset: 1px; }
.table-card { padding: 0; overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: .9375rem; }
th, td { text-align: left; padding: 12px 16px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: .8125rem; text-transform: uppercase; letter-spacing: .04em; }
tbody tr:last-child td { border-bottom: 0; }
.badge { display: inline-block; padding: 2px 9px; border-radius: 999px; font-size: .8125rem; font-weight: 600; }
.badge-off { color: var(--warn); background: var(--warn-soft); }
.pager { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; margin-top: 18px; }
.form { display: grid; gap: 8px; max-width: 520px; }
.form label { font-weight: 600; font-size: .9375rem; margin-top: 8px; }
.form .hint { color: var(--muted); font-size: .8125rem; margin: 0; }
.form .actions { justify-content: flex-start; margin-top: 14px; }
.button.danger { background: var(--warn); border-color: var(--warn); color: #fff; }
.button.danger:hover { background: #a61e1e; }
.button.danger-outline { color: var(--warn); border-color: #f1aeae; }
.button.danger-outline:hover { background: var(--warn-soft); }
.small-button { font-size: .8125rem; padding: 4px 10px; }
.row-actions { display: flex; flex-wrap: wrap; gap: 6px; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.tabs { display: flex; flex-wrap: wrap; gap: 4px 6px; margin: 0 0 14px; border-bottom: 1px solid var(--border); }
.tabs a {
  color: var(--muted); font-weight: 600; font-size: .9375rem; padding: 8px 12px;
  border-bottom: 2px solid transparent; margin-bottom: -1px;
}
.tabs a[aria-current="page"] { color: var(--text); border-bottom-color: var(--brand); }
.tabs .count {
  display: inline-block; min-width: 1.5em; text-align: center; font-size: .75rem; padding: 1px 6px;
  border-radius: 999px; background: var(--bg); color: var(--text); margin-left: 2px;
}
th a.sort { color: inherit; }
th[aria-sort] a.sort { color: var(--text); }
.notice-line { margin: 0 0 14px; padding: 10px 14px; border-radius: 8px; background: var(--brand-soft); color: var(--text); font-size: .875rem; }
.choices { border: 0; padding: 0; margin: 8px 0 0; display: grid; gap: 10px; }
.choices legend { font-weight: 600; font-size: .9375rem; padding: 0; margin-bottom: 6px; }
.choice { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; align-items: center; }
.choice input { width: 18px; height: 18px; margin: 0; accent-color: var(--brand); }
.choice label { font-weight: 600; margin: 0; }
.choice .hint { grid-column: 2; }
.action-list { display: flex; flex-wrap: wrap; gap: 10px; }
.note { margin-top: 24px; }
footer { max-width: 1040px; margin: 0 auto; padding: 0 24px 32px; color: var(--muted); font-size: .8125rem; }
@media (max-width: 640px) {
  /* Two rows: product, avatar and the logout button; then the links. Nothing is pushed off screen. */
  .nav-inner { height: auto; min-height: 56px; padding: 8px 16px; flex-wrap: wrap; gap: 4px 12px; }
  .brand { font-size: 1rem; gap: 8px; min-width: 0; }
  .nav-user { gap: 10px; }
  .nav-user .who { display: none; }
  .nav-user .button { padding: 6px 12px; }
  .nav-links { order: 3; width: 100%; padding-bottom: 2px; }
  h1 { font-size: 1.625rem; }
  main { padding-top: 28px; padding-left: 16px; padding-right: 16px; }
}
@media (max-width: 760px) {
  /* The people table becomes one card per person, every field labelled: no sideways scroll. */
  table.people thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.people, table.people tbody, table.people tr, table.people td { display: block; }
  table.people tr { padding: 14px 16px; border-bottom: 1px solid var(--border); }
  table.people tbody tr:last-child { border-bottom: 0; }
  table.people td {
    border: 0; padding: 3px 0; display: grid; grid-template-columns: 6.5rem minmax(0, 1fr); gap: 10px;
    overflow-wrap: anywhere;
  }
  table.people td[data-label]::before { content: attr(data-label); color: var(--muted); font-size: .8125rem; padding-top: 2px; }
  table.people td[colspan] { display: block; }
  .table-card { overflow-x: visible; }
}
`;
