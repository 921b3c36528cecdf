import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import type { PoolUser } from "../user-admin/cognito-user-admin.ts";
import { formatInstant } from "./format.ts";
import { Layout, USERS_PATH } from "./layout.tsx";
import { RENEWAL_MINUTES } from "./user-admin-words.ts";
import { statusInWords } from "./user-status.ts";

export interface UsersPageProps {
  user: CognitoUser;
  csrfToken: string;
  userPoolId: string;
  users: PoolUser[];
  /** The email prefix searched for ("" for everyone). */
  search: string;
  /** Whether this is a later page (then a link back to the first one is shown). */
  laterPage: boolean;
  nextPage: string | undefined;
  /** A sentence about the step just taken (built from a message id, never from the URL's text). */
  flash?: string | undefined;
}

/**
 * `/admin/users`: the pool's users, one ListUsers page at a time, searchable by email prefix.
 * @example c.html(<UsersPage user={me} csrfToken={t} userPoolId={id} users={page.users} search="" laterPage={false} nextPage={page.nextPage} />)
 */
export function UsersPage(props: UsersPageProps) {
  const { users, search } = props;
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams(search ? { email: search, ...extra } : extra).toString();
    return params ? `${USERS_PATH}?${params}` : USERS_PATH;
  };
  return (
    <Layout title="Users" user={props.user} csrfToken={props.csrfToken} current="users">
      <div class="page-head">
        <h1>Users</h1>
        <a class="button primary" href={`${USERS_PATH}/invite`}>
          Invite a colleague
        </a>
      </div>
      <p class="lead">
        Everyone who can sign in to this dashboard, from the Cognito user pool{" "}
        <code>{props.userPoolId}</code>.
      </p>
      {props.flash && (
        <p class="flash" role="status">
          {props.flash}
        </p>
      )}
      <search>
        <form class="search" method="get" action={USERS_PATH}>
          <label for="user-search">Email starts with</label>
          <input id="user-search" type="search" name="email" value={search} autocomplete="off" />
          <button class="button" type="submit">
            Search
          </button>
          {search && <a href={USERS_PATH}>Show everyone</a>}
        </form>
      </search>
      <div class="card table-card">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Enabled</th>
              <th scope="col">Groups</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr>
                <td>
                  <a href={`${USERS_PATH}/${encodeURIComponent(u.username)}`}>
                    {u.email || u.username}
                  </a>
                  {u.sub === props.user.sub && <span class="muted small"> (you)</span>}
                </td>
                <td>{u.name || <span class="muted">not set</span>}</td>
                <td>{statusInWords(u.status)}</td>
                <td>{u.enabled ? "yes" : <span class="badge badge-off">disabled</span>}</td>
                <td>
                  <div class="chips">
                    {u.groups.map((group) => (
                      <span class="chip">{group}</span>
                    ))}
                  </div>
                </td>
                <td class="small">{u.createdAt ? formatInstant(u.createdAt.getTime()) : ""}</td>
              </tr>
            ))}
            {users.length === 0 && (
              <tr>
                <td colspan={6} class="muted">
                  {search ? `No user's email starts with "${search}".` : "No users on this page."}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {(props.laterPage || props.nextPage) && (
        <nav class="pager" aria-label="Pages">
          {props.laterPage && (
            <a class="button" href={query({})}>
              First page
            </a>
          )}
          {props.nextPage && (
            <a class="button" href={query({ page: props.nextPage })}>
              Next page
            </a>
          )}
        </nav>
      )}
      <p class="small muted note">
        Sessions are stateless cookies: a user you disable, or remove from the admins group, keeps
        their current session until it next renews with Cognito (within {RENEWAL_MINUTES} minutes).
        Managing users is checked live with Cognito on every step, so a former admin loses that at
        once. The groups column shows the admins group, the one this dashboard manages; a user's
        page lists all their groups.
      </p>
    </Layout>
  );
}
