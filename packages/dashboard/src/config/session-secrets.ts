/** A missing or malformed setting. `setting` names the variable to fix. */
export class ConfigError extends Error {
  override name = "ConfigError";
  readonly setting: string;
  constructor(setting: string, message: string) {
    super(`${setting}: ${message}`);
    this.setting = setting;
  }
}

/** The middleware needs at least 32 bytes per secret; ASCII characters count as bytes here. */
const MIN_SECRET_LENGTH = 32;

/**
 * One or more session secrets, comma-separated, newest first (the first seals, all open): the
 * format of `SESSION_SECRET` and of the SST secret `SessionSecret`. Throws a {@link ConfigError}
 * naming `setting` and saying how to fix it; never shows a secret.
 * @example parseSessionSecrets(`${newer},${older}`, "SESSION_SECRET", "openssl rand -base64 32") // [newer, older]
 */
export function parseSessionSecrets(raw: string, setting: string, howToFix: string): string[] {
  const secrets = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.length === 0) throw new ConfigError(setting, `is empty; ${howToFix}`);
  secrets.forEach((secret, i) => {
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(
        setting,
        `secret #${i + 1} of ${secrets.length} is ${secret.length} characters; each needs at least ${MIN_SECRET_LENGTH} (${howToFix})`,
      );
    }
  });
  return secrets;
}
