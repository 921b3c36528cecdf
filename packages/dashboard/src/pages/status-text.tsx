import type { PoolUser } from "../user-admin/cognito-user-admin.ts";
import { statusInWords } from "./user-status.ts";

/**
 * A user's state in words, with a "disabled" badge when they cannot sign in.
 * @example <StatusText user={u} /> // "active" or "active · disabled"
 */
export function StatusText({ user }: { user: Pick<PoolUser, "status" | "enabled"> }) {
  return (
    <>
      {statusInWords(user.status)}
      {!user.enabled && (
        <>
          {" "}
          <span class="badge badge-off">disabled</span>
        </>
      )}
    </>
  );
}
