import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { describe, expect, it } from "vitest";
import type { PoolUser } from "../user-admin/cognito-user-admin.ts";
import { applyListing, checkListingQuery } from "../user-admin/user-listing.ts";
import { AdminPage } from "./admin-page.tsx";
import { ConfirmActionPage } from "./confirm-action-page.tsx";
import { InvitePage } from "./invite-page.tsx";
import { doneMessage } from "./user-admin-words.ts";
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
/** The page's own content, without the nav bar and footer. */
const mainOf = (page: string) => page.slice(page.indexOf("<main>"), page.indexOf("</main>"));
const groups = [
  { name: "admins", description: "" },
  { name: "editors", description: "May edit the reports" },
];

describe("UsersPage", () => {
  const people = [
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
  ];
  const page = (
    raw: Record<string, string> = {},
    props: Partial<Parameters<typeof UsersPage>[0]> & { users?: PoolUser[] } = {},
  ) => {
    const query = checkListingQuery(raw);
    return html(
      <UsersPage
        user={me}
        csrfToken="tok"
        listing={applyListing(props.users ?? people, query, 25)}
        query={query}
        complete={true}
        maxListed={1200}
        {...props}
      />,
    );
  };

  it("lists email, name, status in words, groups and created, each linking to the person", () => {
    const shown = page();
    expect(shown).toContain("invited, not signed in yet");
    expect(shown).toContain("active");
    expect(shown).toContain('<span class="badge badge-off">disabled</span>');
    expect(shown).toContain('<span class="chip">admins</span>');
    expect(shown).toContain('title="20 Nov 2026, 09:30 UTC">20 Nov 2026</time>');
    expect(shown).toContain('href="/admin/users/22222222-2222-4222-8222-222222222222"');
    expect(shown).toContain("(you)");
    expect(shown).toContain('href="/admin/users/invite"');
    // Every cell says what it is, for the cards a phone shows instead of the table.
    for (const label of ["Email", "Name", "Status", "Groups", "Created", "Actions"]) {
      expect(shown).toContain(`data-label="${label}"`);
    }
    // No developer prose, no note about stateless cookies.
    expect(mainOf(shown)).not.toMatch(/Cognito|cookie|stateless|ListUsers/);
  });

  it("offers each row's actions: destructive ones as confirmation links, styled as such", () => {
    const shown = page();
    expect(shown).toMatch(
      /<form[^>]*method="post" action="\/admin\/users\/22222222-2222-4222-8222-222222222222\/resend-invitation"><input type="hidden" name="_csrf" value="tok"\/>/,
    );
    expect(shown).toContain(
      'class="button small-button danger-outline" href="/admin/users/22222222-2222-4222-8222-222222222222/disable"',
    );
    expect(shown).toContain('href="/admin/users/x/delete"');
    expect(shown).toMatch(/action="\/admin\/users\/x\/enable"/);
    // Nothing destructive on one's own row.
    expect(shown).not.toContain(`/admin/users/${me.username}/disable`);
  });

  it("keeps the search, filter and sort in every link; marks the current sort and filter", () => {
    const shown = page({ q: "bo", status: "invited", sort: "created" });
    expect(shown).toContain('value="bo"');
    expect(shown).toContain('href="/admin/users?q=bo&amp;sort=created">All');
    expect(shown).not.toContain('aria-current="page">All');
    expect(shown).toContain('aria-current="page">Invited');
    expect(shown).toContain('aria-sort="descending"');
    expect(shown).toContain(
      'href="/admin/users?q=bo&amp;status=invited&amp;sort=created&amp;dir=asc"',
    );
    expect(page({ q: "zz" })).toContain("Nobody matches");
    expect(page()).not.toContain('class="pager"');
  });

  it("pages, and says when the pool is larger than one listing reads", () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      poolUser({ username: `u${i}`, sub: `u${i}`, email: `p${String(i).padStart(2, "0")}@x.io` }),
    );
    const second = page({ page: "2" }, { users: many, complete: false });
    expect(second).toContain("Page 2 of 2");
    expect(second).toContain('href="/admin/users">Previous page');
    expect(second).toContain("more than 1,200 people");
  });

  it("escapes what people typed about themselves", () => {
    const shown = page({}, { users: [poolUser({ name: "<img src=x onerror=alert(1)>" })] });
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
        actions={["resend_invitation", "make_admin", "disable", "set_groups", "rename"]}
        groups={groups}
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
    // Name and groups are forms of their own; destructive steps look destructive.
    expect(shown).toMatch(/action="\/admin\/users\/22222222-2222-4222-8222-222222222222\/name"/);
    expect(shown).toMatch(/action="\/admin\/users\/22222222-2222-4222-8222-222222222222\/groups"/);
    expect(shown).toContain(
      '<input id="group-1" type="checkbox" name="groups" value="editors" aria-describedby="group-1-about"/>',
    );
    expect(shown).toContain(
      'class="button danger-outline" href="/admin/users/22222222-2222-4222-8222-222222222222/disable"',
    );
    expect(mainOf(shown)).not.toMatch(/Cognito|cookie|stateless|renews/);
  });

  it("tells an admin on their own page why some steps are missing", () => {
    const shown = html(
      <UserPage
        user={me}
        csrfToken="t"
        target={poolUser({ groups: ["admins"] })}
        actions={[]}
        groups={groups}
        self={true}
      />,
    );
    expect(shown).toContain("you cannot disable, delete or demote yourself");
    // The admins box cannot be unticked, and is sent anyway.
    expect(shown).toMatch(
      /<input id="group-0" type="checkbox" value="admins" checked="" disabled=""/,
    );
    expect(shown).toContain('<input type="hidden" name="groups" value="admins"/>');
  });
});

describe("ConfirmActionPage and InvitePage", () => {
  it("asks before disabling, says what happens, and posts with the CSRF token", () => {
    const shown = html(
      <ConfirmActionPage user={me} csrfToken="tok" target={poolUser()} action="disable" />,
    );
    expect(shown).toContain("Disable bob@example.com?");
    expect(shown).toContain("lose access within a minute");
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
        groups={groups}
        checked={["editors"]}
        email="bob@example.com"
        name="Bob"
        error="Someone with this email already exists."
      />,
    );
    expect(shown).toContain('value="bob@example.com"');
    expect(shown).toContain('value="Bob"');
    expect(shown).toContain('role="alert">Someone with this email already exists.');
    expect(shown).toMatch(/<form[^>]*method="post" action="\/admin\/users\/invite">/);
    expect(shown).toContain('value="editors" checked=""');
    expect(shown).toContain("Can open the admin page and manage people.");
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
    expect(
      doneMessage("invited_without_groups", poolUser({ status: "CONFIRMED" })),
    ).toBeUndefined();
    expect(
      doneMessage("invited_without_groups", poolUser({ status: "FORCE_CHANGE_PASSWORD" })),
    ).toMatch(/^Invitation sent to bob@example.com, but not every group you chose could be added/);
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
