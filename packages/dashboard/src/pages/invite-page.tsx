import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import type { GroupInfo } from "../user-admin/cognito-user-admin.ts";
import { CSRF_FIELD } from "../user-admin/csrf-token.ts";
import { GroupChoices } from "./group-choices.tsx";
import { Layout, USERS_PATH } from "./layout.tsx";

export interface InvitePageProps {
  user: CognitoUser;
  csrfToken: string;
  /** The pool's groups, offered as the new person's role. */
  groups: GroupInfo[];
  /** What was typed, when the form comes back with an error. */
  email?: string | undefined;
  name?: string | undefined;
  checked?: readonly string[] | undefined;
  error?: string | undefined;
}

/**
 * `/admin/users/invite`: email, name and groups; Cognito mails the temporary password.
 * @example c.html(<InvitePage user={me} csrfToken={t} groups={groups} />)
 */
export function InvitePage(props: InvitePageProps) {
  return (
    <Layout title="Invite someone" user={props.user} csrfToken={props.csrfToken} current="users">
      <p class="small">
        <a href={USERS_PATH}>← All people</a>
      </p>
      <h1>Invite someone</h1>
      <p class="lead">
        They get an email with a temporary password, and choose their own when they first sign in.
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
          aria-describedby="invite-email-hint"
          value={props.email ?? ""}
        />
        <p id="invite-email-hint" class="hint">
          They sign in with this address; the invitation goes there.
        </p>
        <label for="invite-name">Full name</label>
        <input
          id="invite-name"
          type="text"
          name="name"
          required
          maxlength={256}
          autocomplete="off"
          value={props.name ?? ""}
        />
        <GroupChoices groups={props.groups} checked={props.checked ?? []} />
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
