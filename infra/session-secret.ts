/**
 * The key material that seals the session cookies, per stage, never in source.
 *
 * Its value is one or more secrets of at least 32 characters, separated by commas, newest first:
 * the first seals new sessions, all of them open existing ones, so a key can be rotated without
 * logging anyone out (see docs/deploy.md). Set it with
 * `npx sst secret set SessionSecret "$(openssl rand -base64 32)" --stage <stage>`.
 * @example const secret = sessionSecret(); // linked: Resource.SessionSecret.value
 */
export function sessionSecret() {
  return new sst.Secret("SessionSecret");
}
