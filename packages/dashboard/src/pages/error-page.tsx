import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { LOGIN_PATH } from "@cognito-dashboard/local-dev";
import { Layout } from "./layout.tsx";

export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  /** Extra words from the refusal (an IdP's description, say); escaped like everything else. */
  detail?: string | undefined;
  /** The main way out: sign in again, or back to the overview. */
  action: { href: string; label: string };
  user?: CognitoUser | undefined;
  csrfToken?: string | undefined;
}

/**
 * A branded 4xx/5xx page: what happened in plain words and one clear next step. Never details.
 * @example <ErrorPage status={404} title="Page not found" message="…" action={HOME_ACTION} />
 */
export function ErrorPage(props: ErrorPageProps) {
  return (
    <Layout title={props.title} user={props.user} csrfToken={props.csrfToken}>
      <div class="error-wrap">
        <div class="card">
          <span class="status">ERROR {props.status}</span>
          <h1>{props.title}</h1>
          <p class="lead">{props.message}</p>
          {props.detail && <p class="small muted">{props.detail}</p>}
          <div class="actions">
            <a class="button primary" href={props.action.href}>
              {props.action.label}
            </a>
            {props.action.href !== "/" && (
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
