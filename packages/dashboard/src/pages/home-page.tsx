import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import { formatInstant, formatRemaining } from "./format.ts";
import { displayName, Layout, USERS_PATH } from "./layout.tsx";

export interface HomePageProps {
  user: CognitoUser;
  csrfToken: string;
  now?: number;
}

/**
 * The signed-in home page: a greeting, the account, its groups and when the session ends.
 */
export function HomePage({ user, csrfToken, now = Date.now() }: HomePageProps) {
  const isAdmin = user.groups.includes(ADMINS_GROUP);
  return (
    <Layout title="Overview" user={user} csrfToken={csrfToken} current="home">
      <h1>Welcome, {displayName(user)}</h1>
      <p class="lead">You are signed in. Here is your account.</p>
      <div class="grid">
        <section class="card" aria-labelledby="account-title">
          <h2 id="account-title">Account</h2>
          <dl>
            <dt>Name</dt>
            <dd>{user.name || <span class="muted">not set</span>}</dd>
            <dt>Email</dt>
            <dd data-testid="email">{user.email}</dd>
            {/* In an email-as-username pool, Cognito's username is the sub: show it once. */}
            {user.username !== user.sub && (
              <>
                <dt>Username</dt>
                <dd class="mono">{user.username}</dd>
              </>
            )}
            <dt>User ID</dt>
            <dd class="mono small">{user.sub}</dd>
          </dl>
        </section>
        <section class="card" aria-labelledby="groups-title">
          <h2 id="groups-title">Groups</h2>
          {user.groups.length > 0 ? (
            <div class="chips">
              {user.groups.map((group) => (
                <span class="chip">{group}</span>
              ))}
            </div>
          ) : (
            <p class="muted">You are not in any group.</p>
          )}
          <p class="small muted" style="margin-top:14px">
            {isAdmin ? (
              <>
                As an admin you can open the <a href="/admin">admin page</a> and{" "}
                <a href={USERS_PATH}>manage users</a>.
              </>
            ) : (
              "Your administrator manages the groups you are in."
            )}
          </p>
        </section>
        <section class="card" aria-labelledby="session-title">
          <h2 id="session-title">Session</h2>
          <p class="stat">{formatRemaining(user.sessionExpiresAt, now)}</p>
          <p class="muted small">
            Your session ends{" "}
            <time datetime={new Date(user.sessionExpiresAt).toISOString()}>
              {formatInstant(user.sessionExpiresAt)}
            </time>
            . It renews itself quietly until then; after that you sign in again.
          </p>
        </section>
      </div>
    </Layout>
  );
}
