import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { describe, expect, it } from "vitest";
import type { PoolUser } from "../user-admin/cognito-user-admin.ts";
import { AdminPage } from "./admin-page.tsx";
import { ConfirmActionPage } from "./confirm-action-page.tsx";
import { InvitePage } from "./invite-page.tsx";
import { doneMessage, RENEWAL_MINUTES } from "./user-admin-words.ts";
import { UserPage } from "./user-page.tsx";
import { UsersPage } from "./users-page.tsx";

const me: CognitoUser = {
  sub: "11111111-1111-4111-8111-111111111111",
  username: "11111111-1111-4111-8111-111111111111",
  email: "ada@example.com",
  name: "Ada Admin",
  groups: ["admins"],
  sessionExpiresAt: Date.UTC(2026, 10, 25, 20, 0),
  claims: {},
};
const poolUser = (over: Partial<PoolUser> = {}): PoolUser => ({
  username: "22222222-2222-4222-8222-222222222222",
  sub: "22222222-2222-4222-8222-222222222222",
  email: "bob@example.com",
  name: "Bob Builder",
  status: "FORCE_CHANGE_PASSWORD",
  enabled: true,
  createdAt: new Date(Date.UTC(2026, 10, 20, 9, 30)),
  groups: [],
  ...over,
});
const html = (el: unknown) => String(el);

describe("UsersPage", () => {
  const page = (props: Partial<Parameters<typeof UsersPage>[0]> = {}) =>
    html(
      <UsersPage
        user={me}
        csrfToken="tok"
        userPoolId="us-east-1_LocalMock"
        users={[
          poolUser(),
          poolUser({
            username: me.username,
            sub: me.sub,
            email: me.email,
            name: me.name,
            status: "CONFIRMED",
            groups: ["admins"],
          }),
          poolUser({ username: "x", sub: "x", email: "off@example.com", enabled: false }),
        ]}
        search=""
        laterPage={false}
        nextPage={undefined}
        {...props}
      />,
    );

  it("lists email, name, status in words, enabled, groups and created, each linking to the user", () => {
    const shown = page();
    expect(shown).toContain("invited, not signed in yet");
    expect(shown).toContain("active");
    expect(shown).toContain('<span class="badge badge-off">disabled</span>');
    expect(shown).toContain('<span class="chip">admins</span>');
    expect(shown).toContain("20 Nov 2026, 09:30 UTC");
    expect(shown).toContain('href="/admin/users/22222222-2222-4222-8222-222222222222"');
    expect(shown).toContain("(you)");
    expect(shown).toContain('href="/admin/users/invite"');
    expect(shown).toContain(`within ${RENEWAL_MINUTES} minutes`);
  });

  it("keeps the search in the page links, and offers the first page from a later one", () => {
    const shown = page({ search: "bo", laterPage: true, nextPage: "tok/en+=" });
    expect(shown).toContain('value="bo"');
    expect(shown).toContain('href="/admin/users?email=bo"');
    expect(shown).toContain('href="/admin/users?email=bo&amp;page=tok%2Fen%2B%3D"');
    expect(html(page({ users: [], search: "zz" }))).toContain("No user&#39;s email starts with");
    expect(page()).not.toContain('class="pager"');
  });

  it("escapes what users typed about themselves", () => {
    const shown = page({ users: [poolUser({ name: "<img src=x onerror=alert(1)>" })] });
    expect(shown).not.toContain("<img src=x");
  });
});

describe("UserPage", () => {
  it("offers confirmed steps as links to their confirmation and the others as CSRF forms", () => {
    const shown = html(
      <UserPage
        user={me}
        csrfToken="tok"
        target={poolUser()}
        actions={["resend_invitation", "make_admin", "disable"]}
        self={false}
        flash={doneMessage("invited", poolUser())}
      />,
    );
    expect(shown).toMatch(
      /<form[^>]*method="post" action="\/admin\/users\/22222222-2222-4222-8222-222222222222\/resend-invitation"><input type="hidden" name="_csrf" value="tok"\/>/,
    );
    expect(shown).toContain('href="/admin/users/22222222-2222-4222-8222-222222222222/disable"');
    expect(shown).not.toMatch(/<form[^>]*\/disable"/);
    expect(shown).toContain("Invitation sent to bob@example.com");
  });

  it("tells an admin on their own page why some steps are missing", () => {
    const shown = html(
      <UserPage user={me} csrfToken="t" target={poolUser()} actions={[]} self={true} />,
    );
    expect(shown).toContain("you cannot disable, delete or demote yourself");
  });
});

describe("ConfirmActionPage and InvitePage", () => {
  it("asks before disabling, says what happens, and posts with the CSRF token", () => {
    const shown = html(
      <ConfirmActionPage user={me} csrfToken="tok" target={poolUser()} action="disable" />,
    );
    expect(shown).toContain("Disable bob@example.com?");
    expect(shown).toContain("ends when it next renews");
    expect(shown).toMatch(
      /<form[^>]*method="post" action="\/admin\/users\/22222222-2222-4222-8222-222222222222\/disable"><input type="hidden" name="_csrf" value="tok"\/>/,
    );
    expect(shown).toContain('href="/admin/users/22222222-2222-4222-8222-222222222222">Cancel');
  });

  it("gives the invitation form back with what was typed and why it was refused", () => {
    const shown = html(
      <InvitePage
        user={me}
        csrfToken="tok"
        email="bob@example.com"
        name="Bob"
        error="Someone with this email already exists."
      />,
    );
    expect(shown).toContain('value="bob@example.com"');
    expect(shown).toContain('value="Bob"');
    expect(shown).toContain('role="alert">Someone with this email already exists.');
    expect(shown).toMatch(/<form[^>]*method="post" action="\/admin\/users\/invite">/);
  });

  it("says a step is done only when the user's live state agrees", () => {
    expect(doneMessage("disable", poolUser({ enabled: false }))).toMatch(
      /^bob@example.com is disabled/,
    );
    // An enabled user's page never says they are disabled, whatever asked for it.
    expect(doneMessage("disable", poolUser({ enabled: true }))).toBeUndefined();
    expect(doneMessage("enable", poolUser({ enabled: false }))).toBeUndefined();
    expect(doneMessage("make_admin", poolUser())).toBeUndefined();
    expect(doneMessage("make_admin", poolUser({ groups: ["admins"] }))).toMatch(/is now an admin/);
    expect(doneMessage("remove_admin", poolUser({ groups: ["admins"] }))).toBeUndefined();
    expect(doneMessage("invited", poolUser({ status: "CONFIRMED" }))).toBeUndefined();
    expect(doneMessage("reset_password", poolUser({ status: "CONFIRMED" }))).toBeUndefined();
    expect(doneMessage("delete", poolUser())).toBeUndefined();
    expect(doneMessage("delete", undefined)).toBe("The user was deleted.");
    expect(doneMessage(undefined, poolUser())).toBeUndefined();
  });
});

describe("links to user administration", () => {
  it("the admin page and the nav bar lead to /admin/users", () => {
    const shown = html(
      <AdminPage
        user={me}
        csrfToken="t"
        summary={{
          source: "mock",
          hostedUi: "http://localhost:9500",
          userPoolId: "us-east-1_LocalMock",
          clientId: "c",
          clientType: "confidential",
          sessionKeys: 1,
          sessionHours: 8,
        }}
      />,
    );
    expect(shown.match(/href="\/admin\/users"/g)?.length).toBe(2);
  });
});
