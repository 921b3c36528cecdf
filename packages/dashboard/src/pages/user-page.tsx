import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import type { GroupInfo, PoolUser } from "../user-admin/cognito-user-admin.ts";
import { CSRF_FIELD } from "../user-admin/csrf-token.ts";
import {
  ACTION_SLUGS,
  CONFIRMED_ACTIONS,
  EDITING_ACTIONS,
  type UserAction,
} from "../user-admin/user-actions.ts";
import { formatInstant } from "./format.ts";
import { GroupChips } from "./group-chips.tsx";
import { GroupChoices } from "./group-choices.tsx";
import { Layout, USERS_PATH } from "./layout.tsx";
import { StatusText } from "./status-text.tsx";
import { ACTION_LABELS } from "./user-admin-words.ts";

export interface UserPageProps {
  user: CognitoUser;
  csrfToken: string;
  /** The user shown. */
  target: PoolUser;
  /** What the signed-in admin may do to them, in order. */
  actions: UserAction[];
  /** The pool's groups, for the groups form. */
  groups: GroupInfo[];
  self: boolean;
  flash?: string | undefined;
  /** The flash tells of something left undone (shown as a warning). */
  flashWarning?: boolean | undefined;
}

/** Steps that take access away or cannot be undone: styled as such. */
const DESTRUCTIVE: ReadonlySet<UserAction> = new Set(["remove_admin", "disable", "delete"]);

/**
 * `/admin/users/<username>`: one person: their account, their name and groups to edit, and the
 * steps an admin may take. Steps that take access away lead to a confirmation page.
 * @example c.html(<UserPage user={me} csrfToken={t} target={u} actions={["disable"]} groups={[]} self={false} />)
 */
export function UserPage(props: UserPageProps) {
  const { csrfToken, target, actions, self } = props;
  const base = `${USERS_PATH}/${encodeURIComponent(target.username)}`;
  const steps = actions.filter((a) => !EDITING_ACTIONS.has(a));
  const who = target.email || target.username;
  return (
    <Layout title={who} user={props.user} csrfToken={csrfToken} current="users">
      <p class="small">
        <a href={USERS_PATH}>← All people</a>
      </p>
      <h1>{target.name || who}</h1>
      <p class="lead">{target.email}</p>
      {props.flash && (
        <p class={props.flashWarning ? "flash error" : "flash"} role="status">
          {props.flash}
        </p>
      )}
      <div class="grid">
        <section class="card" aria-labelledby="account-title">
          <h2 id="account-title">Account</h2>
          <dl>
            <dt>Email</dt>
            <dd>{target.email || <span class="muted">not set</span>}</dd>
            <dt>Name</dt>
            <dd data-testid="name">{target.name || <span class="muted">not set</span>}</dd>
            <dt>Status</dt>
            <dd data-testid="status">
              <StatusText user={target} />
            </dd>
            <dt>Groups</dt>
            <dd data-testid="groups">
              <GroupChips groups={target.groups} />
            </dd>
            <dt>Created</dt>
            <dd>{target.createdAt ? formatInstant(target.createdAt.getTime()) : ""}</dd>
            <dt>User ID</dt>
            <dd class="mono small">{target.username}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="actions-title">
          <h2 id="actions-title">Access</h2>
          {self && (
            <p class="small muted">
              This is your own account: you cannot disable, delete or demote yourself. Ask another
              admin.
            </p>
          )}
          <div class="action-list">
            {steps.map((action) =>
              CONFIRMED_ACTIONS.has(action) ? (
                <a
                  class={`button${DESTRUCTIVE.has(action) ? " danger-outline" : ""}`}
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
          {steps.length === 0 && <p class="muted small">Nothing to do for this person.</p>}
        </section>
        <section class="card" aria-labelledby="name-title">
          <h2 id="name-title">Name</h2>
          <form class="form" method="post" action={`${base}/${ACTION_SLUGS.rename}`}>
            <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
            <label for="user-name">Full name</label>
            <input
              id="user-name"
              type="text"
              name="name"
              required
              maxlength={256}
              autocomplete="off"
              value={target.name}
            />
            <div class="actions">
              <button class="button" type="submit">
                {ACTION_LABELS.rename}
              </button>
            </div>
          </form>
        </section>
        <section class="card" aria-labelledby="groups-title">
          <h2 id="groups-title">Groups</h2>
          <form class="form" method="post" action={`${base}/${ACTION_SLUGS.set_groups}`}>
            <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
            <GroupChoices
              groups={props.groups}
              checked={target.groups}
              locked={self && target.groups.includes(ADMINS_GROUP) ? [ADMINS_GROUP] : []}
              showLegend={false}
            />
            <div class="actions">
              <button class="button" type="submit">
                {ACTION_LABELS.set_groups}
              </button>
            </div>
          </form>
        </section>
      </div>
    </Layout>
  );
}
