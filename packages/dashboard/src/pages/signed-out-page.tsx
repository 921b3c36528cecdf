import { LOGIN_PATH } from "@cognito-dashboard/local-dev";
import { Layout } from "./layout.tsx";

/**
 * Where the hosted UI's logout comes back to: says the session is over before anything asks for a
 * password again. Public, like the login route: there is no session to show here.
 */
export function SignedOutPage() {
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
