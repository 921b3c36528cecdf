import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { Layout, USERS_PATH } from "./layout.tsx";

/** What the admin page shows about the sign-in setup: public facts only, never a secret. */
export interface SignInSummary {
  source: string;
  hostedUi: string;
  userPoolId: string;
  clientId: string;
  clientType: "confidential" | "public";
  sessionKeys: number;
  sessionHours: number;
}

export interface AdminPageProps {
  user: CognitoUser;
  csrfToken: string;
  summary: SignInSummary;
}

/**
 * The `admins`-only page: how sign-in is wired, so an operator can check it at a glance.
 */
export function AdminPage({ user, csrfToken, summary }: AdminPageProps) {
  return (
    <Layout title="Admin" user={user} csrfToken={csrfToken} current="admin">
      <h1>Administration</h1>
      <p class="lead">Only members of the admins group see this page.</p>
      <div class="grid">
        <section class="card" aria-labelledby="signin-title">
          <h2 id="signin-title">Sign-in</h2>
          <dl>
            <dt>Settings from</dt>
            <dd>{sourceLabel(summary.source)}</dd>
            <dt>Hosted UI</dt>
            <dd class="mono small">{summary.hostedUi}</dd>
            <dt>User pool</dt>
            <dd class="mono small">{summary.userPoolId}</dd>
            <dt>App client</dt>
            <dd class="mono small">
              {summary.clientId} <span class="muted">({summary.clientType})</span>
            </dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="sessions-title">
          <h2 id="sessions-title">Sessions</h2>
          <dl>
            <dt>Storage</dt>
            <dd>Encrypted cookie (no server state)</dd>
            <dt>Lifetime</dt>
            <dd>{summary.sessionHours} h at most</dd>
            <dt>Keys</dt>
            <dd>
              {summary.sessionKeys} {summary.sessionKeys === 1 ? "key" : "keys"}
              {summary.sessionKeys > 1 && <span class="muted"> (rotation in progress)</span>}
            </dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="users-title">
          <h2 id="users-title">People</h2>
          <p>Invite people with a role, edit names and groups, disable and delete accounts.</p>
          <p>
            <a class="button primary" href={USERS_PATH}>
              Manage people
            </a>
          </p>
        </section>
        <section class="card" aria-labelledby="you-title">
          <h2 id="you-title">Your access</h2>
          <div class="chips">
            {user.groups.map((group) => (
              <span class="chip">{group}</span>
            ))}
          </div>
        </section>
      </div>
    </Layout>
  );
}

function sourceLabel(source: string): string {
  if (source === "environment") return "Environment variables";
  if (source === "sst") return "SST-linked resources";
  if (source === "mock") return "Local mock IdP (development)";
  return source;
}
