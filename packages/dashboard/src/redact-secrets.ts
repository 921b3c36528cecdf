/** JWTs and JWEs: base64url segments joined by dots, starting with an encoded `{"`. */
const JOSE = /eyJ[\w-]*(?:\.[\w-]*){1,4}/g;
/** Codes, states, secrets: long runs of base64url characters (never "/": stack frames keep their paths). */
const LONG_TOKEN = /[\w-]{32,}/g;
/** `name=value` pairs of cookies and form fields that are secret whatever their length. */
const SECRET_PAIR =
  /\b((?:__Host-)?cdash_\w+|code|state|_csrf|refresh_token|id_token|access_token|client_secret|password)=[^\s;&"',]+/gi;

/**
 * Text safe to log: tokens, codes, sealed cookies and secret fields replaced. Error messages of
 * libraries quote their input (`JSON.parse`, `Headers.set`, a failed URL), and the log is the
 * last place a token may leak through; the words around it stay, so the line is still useful.
 * @example redactSecrets("bad token eyJhbGciOi.x.y") // "bad token [redacted]"
 */
export function redactSecrets(text: string): string {
  return text
    .replace(JOSE, "[redacted]")
    .replace(SECRET_PAIR, "$1=[redacted]")
    .replace(LONG_TOKEN, "[redacted]");
}
