import type { PoolUser } from "../user-admin/cognito-user-admin.ts";
import { statusInWords } from "./user-status.ts";

/**
 * A user's state in words; a disabled user's "disabled" badge first, then what Cognito says.
 * @example <StatusText user={u} /> // "active", or "disabled (active)"
 */
export function StatusText({ user }: { user: Pick<PoolUser, "status" | "enabled"> }) {
  if (user.enabled) return <>{statusInWords(user.status)}</>;
  return (
    <>
      <span class="badge badge-off">disabled</span>{" "}
      <span class="muted small">({statusInWords(user.status)})</span>
    </>
  );
}
