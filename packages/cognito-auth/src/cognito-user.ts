/** The signed-in user, as `c.get("auth").user` gives it. */
export interface CognitoUser {
  sub: string;
  username: string;
  email: string;
  name: string;
  groups: string[];
  /** The user's `custom:*` attributes (by full name), and the claims `onLogin` added. */
  claims: Readonly<Record<string, unknown>>;
  /** When the session ends at the latest (epoch ms). */
  sessionExpiresAt: number;
}
