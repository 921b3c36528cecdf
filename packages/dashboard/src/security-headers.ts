/**
 * The pages' Content-Security-Policy: the inline stylesheet and nothing else (no scripts, fonts or
 * frames). In Hono's `secureHeaders` form for the app. No form-action: the logout form's redirect
 * chain ends on the hosted UI's origin, which Chromium checks against form-action.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  styleSrc: ["'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * The headers of an answer made outside the Hono app (the local server's and the Lambda
 * handler's own refusals): the same policy, never cached, never sniffed.
 */
export const REFUSAL_HEADERS = {
  "content-security-policy": Object.entries(CONTENT_SECURITY_POLICY)
    .map(
      ([name, sources]) =>
        `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(" ")}`,
    )
    .join("; "),
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
} as const;
