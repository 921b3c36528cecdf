import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { LOGIN_PATH } from "@cognito-dashboard/local-dev";
import { displayName, Layout } from "./layout.tsx";

export interface SignedOutPageProps {
  /** Set when a session is alive after all (another tab signed in again since). */
  user?: CognitoUser | undefined;
  csrfToken?: string | undefined;
}

/**
 * Where the hosted UI's logout comes back to: says the session is over before anything asks for a
 * password again. Public, with optional auth: a live session is shown as one, not as signed out.
 */
export function SignedOutPage({ user, csrfToken }: SignedOutPageProps) {
  if (user !== undefined) {
    return (
      <Layout title="Signed in" user={user} csrfToken={csrfToken}>
        <div class="notice">
          <div class="card">
            <h1>You are still signed in</h1>
            <p class="lead">
              This browser has a session as {displayName(user)}, started after the logout (in
              another tab, perhaps). Use Log out to end it.
            </p>
            <div class="actions">
              <a class="button primary" href="/">
                Go to the dashboard
              </a>
            </div>
          </div>
        </div>
      </Layout>
    );
  }
  return (
    <Layout title="Signed out">
      <div class="notice">
        <div class="card">
          <h1>You are signed out</h1>
          <p class="lead">
            Your dashboard session has ended, and so has your session with the sign-in service: the
            next sign-in asks for your password again.
          </p>
          <div class="actions">
            <a class="button primary" href={LOGIN_PATH}>
              Sign in again
            </a>
          </div>
        </div>
      </div>
    </Layout>
  );
}
