import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { LOGIN_PATH } from "@cognito-dashboard/local-dev";
import { Layout } from "./layout.tsx";

/** What an error page says: everything but the signed-in user's nav bar. */
export interface ErrorContent {
  status: number;
  title: string;
  message: string;
  /** Extra words from the refusal (an IdP's description, say); escaped like everything else. */
  detail?: string | undefined;
  /** The main way out: sign in again, or back to the overview. */
  action: { href: string; label: string };
}

export interface ErrorPageProps extends ErrorContent {
  user?: CognitoUser | undefined;
  csrfToken?: string | undefined;
}

/**
 * The one error page of the app, for every path that answers an error: the app's refusals, its
 * 404 and 500, and the local server's and the Lambda handler's own refusals. What happened in
 * plain words and one clear next step; never details.
 */
export function ErrorPage(props: ErrorPageProps) {
  return (
    <Layout title={props.title} user={props.user} csrfToken={props.csrfToken}>
      <div class="notice">
        <div class="card">
          <span class="status">ERROR {props.status}</span>
          <h1>{props.title}</h1>
          <p class="lead">{props.message}</p>
          {props.detail && <p class="small muted">{props.detail}</p>}
          <div class="actions">
            <a class="button primary" href={props.action.href}>
              {props.action.label}
            </a>
            {/* Not next to "/" itself, nor next to a link to another origin (the local server's). */}
            {props.action.href !== "/" && props.action.href.startsWith("/") && (
              <a class="button" href="/">
                Go to the overview
              </a>
            )}
          </div>
        </div>
      </div>
    </Layout>
  );
}

export const SIGN_IN_AGAIN = { href: LOGIN_PATH, label: "Sign in again" } as const;
export const HOME_ACTION = { href: "/", label: "Go to the overview" } as const;
