import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { CSRF_FIELD } from "../user-admin/csrf-token.ts";
import { ACTION_SLUGS, allowedActions, type UserAction } from "../user-admin/user-actions.ts";
import {
  type Listing,
  type ListingQuery,
  SORT_KEYS,
  type SortKey,
  STATUS_FILTERS,
  type StatusFilter,
} from "../user-admin/user-listing.ts";
import { formatDay, formatInstant } from "./format.ts";
import { GroupChips } from "./group-chips.tsx";
import { Layout, USERS_PATH } from "./layout.tsx";
import { StatusText } from "./status-text.tsx";
import { ACTION_LABELS } from "./user-admin-words.ts";

export interface UsersPageProps {
  user: CognitoUser;
  csrfToken: string;
  listing: Listing;
  query: ListingQuery;
  /** False when the pool holds more users than one listing reads. */
  complete: boolean;
  /** How many users one listing reads at most. */
  maxListed: number;
  /** A sentence about the step just taken (built from live data, never from the URL). */
  flash?: string | undefined;
}

const STATUS_LABELS: Record<StatusFilter, string> = {
  all: "All",
  active: "Active",
  invited: "Invited",
  disabled: "Disabled",
  external: "External provider",
};

/** The sort menu's words: each key in its default direction. */
const SORT_CHOICES: Record<SortKey, string> = {
  email: "Email, A to Z",
  name: "Name, A to Z",
  status: "Status",
  created: "Newest first",
};

const SORT_LABELS: Record<SortKey, string> = {
  email: "Email",
  name: "Name",
  status: "Status",
  created: "Created",
};

/** The steps a row offers directly (the rest are on the person's page). */
const ROW_ACTIONS: readonly UserAction[] = ["resend_invitation", "enable", "disable", "delete"];
/** Steps that take access away or cannot be undone: a link to their confirmation. */
const ROW_CONFIRMED: ReadonlySet<UserAction> = new Set(["disable", "delete"]);

/**
 * `/admin/users`: the people of the pool, searchable by email or name, filtered by status,
 * sorted by a column, with each row's actions; on a phone every row is a card.
 * @example c.html(<UsersPage user={me} csrfToken={t} listing={listing} query={query} complete maxListed={1200} />)
 */
export function UsersPage(props: UsersPageProps) {
  const { listing, query } = props;
  const me = { sub: props.user.sub, username: props.user.username, email: props.user.email };
  const href = (change: Partial<ListingQuery>) => listHref({ ...query, page: 1, ...change });
  return (
    <Layout title="People" user={props.user} csrfToken={props.csrfToken} current="users">
      <div class="page-head">
        <h1>People</h1>
        <a class="button primary" href={`${USERS_PATH}/invite`}>
          Invite someone
        </a>
      </div>
      <p class="lead">Everyone who can sign in to this dashboard.</p>
      {props.flash && (
        <p class="flash" role="status">
          {props.flash}
        </p>
      )}
      <nav class="tabs" aria-label="Status">
        {STATUS_FILTERS.map((status) => (
          <a href={href({ status })} aria-current={status === query.status ? "page" : undefined}>
            {STATUS_LABELS[status]} <span class="count">{listing.counts[status]}</span>
          </a>
        ))}
      </nav>
      <search>
        <form class="search" method="get" action={USERS_PATH}>
          <label for="user-search">Search by email or name</label>
          <input id="user-search" type="search" name="q" value={query.q} autocomplete="off" />
          {query.status !== "all" && <input type="hidden" name="status" value={query.status} />}
          <label for="user-sort">Sort by</label>
          <select id="user-sort" name="sort">
            {SORT_KEYS.map((key) => (
              <option value={key} selected={key === query.sort}>
                {SORT_CHOICES[key]}
              </option>
            ))}
          </select>
          <button class="button" type="submit">
            Show
          </button>
          {query.q && <a href={href({ q: "" })}>Clear search</a>}
        </form>
      </search>
      {!props.complete && (
        <p class="notice-line" role="note">
          This pool has more than {props.maxListed.toLocaleString("en")} people: the list shows the
          first {props.maxListed.toLocaleString("en")} Cognito returns. Search to narrow it.
        </p>
      )}
      <div class="card table-card">
        <table class="people">
          <caption class="visually-hidden">
            {`People: ${STATUS_LABELS[query.status].toLowerCase()}${query.q ? `, matching "${query.q}"` : ""}, sorted by ${SORT_LABELS[query.sort].toLowerCase()}`}
          </caption>
          <thead>
            <tr>
              {SORT_KEYS.slice(0, 3).map((key) => (
                <SortHeader sortKey={key} query={query} href={href} />
              ))}
              <th scope="col">Groups</th>
              <SortHeader sortKey="created" query={query} href={href} />
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {listing.users.map((u) => {
              const userHref = `${USERS_PATH}/${encodeURIComponent(u.username)}`;
              const offered = allowedActions(me, u).filter((a) => ROW_ACTIONS.includes(a));
              return (
                <tr>
                  <td data-label="Email">
                    <span>
                      <a href={userHref}>{u.email || u.username}</a>
                      {u.sub === props.user.sub && <span class="muted small"> (you)</span>}
                    </span>
                  </td>
                  <td data-label="Name">{u.name || <span class="muted">not set</span>}</td>
                  <td data-label="Status">
                    <span>
                      <StatusText user={u} />
                    </span>
                  </td>
                  <td data-label="Groups">
                    <GroupChips groups={u.groups} />
                  </td>
                  <td data-label="Created" class="small">
                    {u.createdAt && (
                      <time
                        datetime={u.createdAt.toISOString()}
                        title={formatInstant(u.createdAt.getTime())}
                      >
                        {formatDay(u.createdAt.getTime())}
                      </time>
                    )}
                  </td>
                  <td data-label="Actions">
                    <div class="row-actions">
                      <a class="button small-button" href={userHref}>
                        Edit<span class="visually-hidden"> {u.email || u.username}</span>
                      </a>
                      {offered.map((action) =>
                        ROW_CONFIRMED.has(action) ? (
                          <a
                            class="button small-button danger-outline"
                            href={`${userHref}/${ACTION_SLUGS[action]}`}
                          >
                            {ACTION_LABELS[action]}…
                            <span class="visually-hidden"> {u.email || u.username}</span>
                          </a>
                        ) : (
                          <form
                            class="inline"
                            method="post"
                            action={`${userHref}/${ACTION_SLUGS[action]}`}
                          >
                            <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
                            <button class="button small-button" type="submit">
                              {ROW_LABELS[action] ?? ACTION_LABELS[action]}
                              <span class="visually-hidden"> {u.email || u.username}</span>
                            </button>
                          </form>
                        ),
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
            {listing.users.length === 0 && (
              <tr>
                <td colspan={6} class="muted">
                  {query.q || query.status !== "all"
                    ? "Nobody matches. Clear the search or pick another status."
                    : "Nobody yet. Invite someone."}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {listing.pages > 1 && (
        <nav class="pager" aria-label="Pages">
          {listing.page > 1 && (
            <a class="button" href={listHref({ ...query, page: listing.page - 1 })}>
              Previous page
            </a>
          )}
          <span class="muted small">
            Page {listing.page} of {listing.pages} · {listing.total} people
          </span>
          {listing.page < listing.pages && (
            <a class="button" href={listHref({ ...query, page: listing.page + 1 })}>
              Next page
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}

const ROW_LABELS: Partial<Record<UserAction, string>> = { resend_invitation: "Resend invite" };

function SortHeader(props: {
  sortKey: SortKey;
  query: ListingQuery;
  href: (change: Partial<ListingQuery>) => string;
}) {
  const { sortKey, query } = props;
  const current = query.sort === sortKey;
  const next = current ? (query.dir === "asc" ? "desc" : "asc") : defaultDir(sortKey);
  return (
    <th
      scope="col"
      aria-sort={current ? (query.dir === "asc" ? "ascending" : "descending") : undefined}
    >
      <a class="sort" href={props.href({ sort: sortKey, dir: next })}>
        {SORT_LABELS[sortKey]}
        {current && <span aria-hidden="true">{query.dir === "asc" ? " ↑" : " ↓"}</span>}
      </a>
    </th>
  );
}

function defaultDir(sort: SortKey): "asc" | "desc" {
  return sort === "created" ? "desc" : "asc";
}

/**
 * The table's address for a query, leaving defaults out.
 * @example listHref({ q: "", status: "invited", sort: "email", dir: "asc", page: 1 }) // "/admin/users?status=invited"
 */
export function listHref(query: ListingQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.status !== "all") params.set("status", query.status);
  if (query.sort !== "email") params.set("sort", query.sort);
  if (query.dir !== defaultDir(query.sort)) params.set("dir", query.dir);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `${USERS_PATH}?${search}` : USERS_PATH;
}
