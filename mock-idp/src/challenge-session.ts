import { createHmac, timingSafeEqual } from "node:crypto";

/** The steps after a password that the hosted UI may ask for. */
export type Challenge = "NEW_PASSWORD_REQUIRED" | "RESET_REQUIRED";

/** Cognito's challenge sessions last 3 minutes (the app client's AuthSessionValidity default). */
export const CHALLENGE_TTL_SECONDS = 180;

/**
 * The `session` field of a challenge page: which user passed the password step of which sign-in,
 * signed with the mock's cookie key and valid for {@link CHALLENGE_TTL_SECONDS}, so that the next
 * POST cannot name another user or outlive the step.
 * @example const sessions = challengeSessions(key); sessions.verify(sessions.issue(uid, "NEW_PASSWORD_REQUIRED", user), uid, "NEW_PASSWORD_REQUIRED")
 */
export function challengeSessions(key: string) {
  const mac = (text: string) => createHmac("sha256", key).update(text).digest("base64url");
  return {
    issue(uid: string, challenge: Challenge, username: string): string {
      const expires = Math.floor(Date.now() / 1000) + CHALLENGE_TTL_SECONDS;
      const body = `${challenge}.${uid}.${Buffer.from(username).toString("base64url")}.${expires}`;
      return `${body}.${mac(body)}`;
    },

    /** The username of a valid session for this sign-in and step, else undefined. */
    verify(session: string, uid: string, challenge: Challenge): string | undefined {
      const parts = session.split(".");
      if (parts.length !== 5) return undefined;
      const [kind, forUid, name, expires, signature] = parts as [
        string,
        string,
        string,
        string,
        string,
      ];
      const expected = Buffer.from(mac(`${kind}.${forUid}.${name}.${expires}`));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      if (kind !== challenge || forUid !== uid) return undefined;
      if (Number(expires) <= Date.now() / 1000) return undefined;
      return Buffer.from(name, "base64url").toString("utf8");
    },
  };
}

/** The challenge sessions of one mock. */
export type ChallengeSessions = ReturnType<typeof challengeSessions>;
