import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import type { PoolUser } from "../user-admin/cognito-user-admin.ts";
import { CSRF_FIELD } from "../user-admin/csrf-token.ts";
import { ACTION_SLUGS, type UserAction } from "../user-admin/user-actions.ts";
import { Layout, USERS_PATH } from "./layout.tsx";
import { ACTION_LABELS, CONFIRMATIONS } from "./user-admin-words.ts";

export interface ConfirmActionPageProps {
  user: CognitoUser;
  csrfToken: string;
  target: PoolUser;
  action: UserAction;
}

/**
 * Asks before a step that takes access away or cannot be undone; the button is the POST.
 * @example c.html(<ConfirmActionPage user={me} csrfToken={t} target={u} action="disable" />)
 */
export function ConfirmActionPage({ user, csrfToken, target, action }: ConfirmActionPageProps) {
  const base = `${USERS_PATH}/${encodeURIComponent(target.username)}`;
  const who = target.email || target.username;
  const words = CONFIRMATIONS[action];
  return (
    <Layout title={ACTION_LABELS[action]} user={user} csrfToken={csrfToken} current="users">
      <div class="error-wrap">
        <div class="card">
          <h1>{words ? words.question(who) : `${ACTION_LABELS[action]}: ${who}?`}</h1>
          {words && <p class="lead">{words.consequence}</p>}
          <div class="actions">
            <form class="inline" method="post" action={`${base}/${ACTION_SLUGS[action]}`}>
              <input type="hidden" name={CSRF_FIELD} value={csrfToken} />
              <button class="button danger" type="submit">
                {ACTION_LABELS[action]}
              </button>
            </form>
            <a class="button" href={base}>
              Cancel
            </a>
          </div>
        </div>
      </div>
    </Layout>
  );
}
