/**
 * One structured log line per user-administration step: who did what to whom, and how it ended.
 * Identifiers only: never a token, a password or a CSRF token (none of them reach this function).
 */

import { jsonLine } from "../json-line.ts";

export interface AdminLogEntry {
  /** The signed-in admin. */
  actor: { sub: string; email: string };
  action: string;
  /** The user acted on; for an invitation, the address invited. */
  target: { username?: string | undefined; email?: string | undefined };
  outcome: "done" | "refused" | "failed";
  /** A {@link UserAdminError} code when not done. */
  code?: string | undefined;
  /** The Cognito exception behind a failure (its name only: messages may quote input). */
  cause?: string | undefined;
}

/**
 * Writes the entry as one JSON line (stdout for done, stderr otherwise).
 * @example logAdminAction({ actor, action: "disable", target: { username, email }, outcome: "done" })
 */
export function logAdminAction(entry: AdminLogEntry): void {
  const line = jsonLine({
    level: entry.outcome === "done" ? "info" : "warn",
    msg: "user admin",
    action: entry.action,
    outcome: entry.outcome,
    actor: entry.actor.email,
    actorSub: entry.actor.sub,
    targetUsername: entry.target.username,
    targetEmail: entry.target.email,
    code: entry.code,
    cause: entry.cause,
  });
  if (entry.outcome === "done") console.log(line);
  else console.warn(line);
}
