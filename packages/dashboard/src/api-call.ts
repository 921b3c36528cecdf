/** Where the dashboard's JSON API lives; the middleware is given the same prefix. */
export const API_PREFIX = "/api";

/**
 * The one rule for "is this an API call": a path under {@link API_PREFIX}, or a client that does
 * not accept HTML. An API call gets JSON, never a page and never a redirect; the app's pages, the
 * local server's refusals and the Lambda handler's refusals all ask this.
 */
export function isApiCall(path: string, accept: string | undefined): boolean {
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return true;
  return !(accept ?? "").toLowerCase().includes("text/html");
}
