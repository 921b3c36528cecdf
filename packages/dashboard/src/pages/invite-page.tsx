import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { CSRF_FIELD } from "../user-admin/csrf-token.ts";
import { Layout, USERS_PATH } from "./layout.tsx";

export interface InvitePageProps {
  user: CognitoUser;
  csrfToken: string;
  /** What was typed, when the form comes back with an error. */
  email?: string | undefined;
  name?: string | undefined;
  error?: string | undefined;
}

/**
 * `/admin/users/invite`: email and name; Cognito mails the temporary password.
 * @example c.html(<InvitePage user={me} csrfToken={t} />)
 */
export function InvitePage(props: InvitePageProps) {
  return (
    <Layout
      title="Invite a colleague"
      user={props.user}
      csrfToken={props.csrfToken}
      current="users"
    >
      <p class="small">
        <a href={USERS_PATH}>← All users</a>
      </p>
      <h1>Invite a colleague</h1>
      <p class="lead">
        Cognito emails them a temporary password; at their first sign-in they choose their own. They
        start without admin rights.
      </p>
      {props.error && (
        <p class="flash error" role="alert">
          {props.error}
        </p>
      )}
      <form class="card form" method="post" action={`${USERS_PATH}/invite`}>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <label for="invite-email">Email</label>
        <input
          id="invite-email"
          type="email"
          name="email"
          required
          maxlength={254}
          autocomplete="off"
          value={props.email ?? ""}
        />
        <p class="hint">Their sign-in name; Cognito sends the invitation here.</p>
        <label for="invite-name">Name</label>
        <input
          id="invite-name"
          type="text"
          name="name"
          required
          maxlength={256}
          autocomplete="off"
          value={props.name ?? ""}
        />
        <div class="actions">
          <button class="button primary" type="submit">
            Send invitation
          </button>
          <a class="button" href={USERS_PATH}>
            Cancel
          </a>
        </div>
      </form>
    </Layout>
  );
}
