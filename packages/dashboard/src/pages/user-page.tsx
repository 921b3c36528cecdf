import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import type { PoolUser } from "../user-admin/cognito-user-admin.ts";
import { CSRF_FIELD } from "../user-admin/csrf-token.ts";
import { ACTION_SLUGS, CONFIRMED_ACTIONS, type UserAction } from "../user-admin/user-actions.ts";
import { formatInstant } from "./format.ts";
import { Layout, USERS_PATH } from "./layout.tsx";
import { ACTION_LABELS, RENEWAL_MINUTES } from "./user-admin-words.ts";
import { statusInWords } from "./user-status.ts";

export interface UserPageProps {
  user: CognitoUser;
  csrfToken: string;
  /** The user shown. */
  target: PoolUser;
  /** What the signed-in admin may do to them, in order. */
  actions: UserAction[];
  self: boolean;
  flash?: string | undefined;
}

/**
 * `/admin/users/<username>`: one user, every group they are in, and what an admin may do.
 * Steps that take access away lead to a confirmation page; the others are one POST.
 * @example c.html(<UserPage user={me} csrfToken={t} target={u} actions={["disable"]} self={false} />)
 */
export function UserPage({ user, csrfToken, target, actions, self, flash }: UserPageProps) {
  const base = `${USERS_PATH}/${encodeURIComponent(target.username)}`;
  return (
    <Layout
      title={target.email || target.username}
      user={user}
      csrfToken={csrfToken}
      current="users"
    >
      <p class="small">
        <a href={USERS_PATH}>← All users</a>
      </p>
      <h1>{target.name || target.email || target.username}</h1>
      <p class="lead">{target.email}</p>
      {flash && (
        <p class="flash" role="status">
          {flash}
        </p>
      )}
      <div class="grid">
        <section class="card" aria-labelledby="account-title">
          <h2 id="account-title">Account</h2>
          <dl>
            <dt>Email</dt>
            <dd>{target.email || <span class="muted">not set</span>}</dd>
            <dt>Name</dt>
            <dd>{target.name || <span class="muted">not set</span>}</dd>
            <dt>Status</dt>
            <dd data-testid="status">{statusInWords(target.status)}</dd>
            <dt>Enabled</dt>
            <dd data-testid="enabled">
              {target.enabled ? "yes" : <span class="badge badge-off">disabled</span>}
            </dd>
            <dt>Groups</dt>
            <dd data-testid="groups">
              {target.groups.length > 0 ? (
                <div class="chips">
                  {target.groups.map((group) => (
                    <span class="chip">{group}</span>
                  ))}
                </div>
              ) : (
                <span class="muted">none</span>
              )}
            </dd>
            <dt>Created</dt>
            <dd>{target.createdAt ? formatInstant(target.createdAt.getTime()) : ""}</dd>
            <dt>Username</dt>
            <dd class="mono small">{target.username}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="actions-title">
          <h2 id="actions-title">Actions</h2>
          {self && (
            <p class="small muted">
              This is your own account: you cannot disable, delete or demote yourself. Ask another
              admin.
            </p>
          )}
          <div class="action-list">
            {actions.map((action) =>
              CONFIRMED_ACTIONS.has(action) ? (
                <a
                  class={`button${action === "delete" ? " danger" : ""}`}
                  href={`${base}/${ACTION_SLUGS[action]}`}
                >
                  {ACTION_LABELS[action]}…
                </a>
              ) : (
                <form class="inline" method="post" action={`${base}/${ACTION_SLUGS[action]}`}>
                  <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
                  <button class="button" type="submit">
                    {ACTION_LABELS[action]}
                  </button>
                </form>
              ),
            )}
          </div>
          {actions.length === 0 && <p class="muted small">Nothing to do for this user.</p>}
          <p class="small muted note">
            A user you disable or demote keeps their current session until it next renews with
            Cognito (within {RENEWAL_MINUTES} minutes): sessions are stateless cookies.
          </p>
        </section>
      </div>
    </Layout>
  );
}
