import type { KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";

/** The names the mock answers to: loopback only, with any port, as a browser sends them. */
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/**
 * Answers only requests addressed to a loopback name. The mock listens on 127.0.0.1, but a web
 * page can still reach it under a name of its own that resolves there (DNS rebinding), and the
 * mock puts the Host it was given into its discovery document and oidc-provider's URLs. Any other
 * Host gets a 400 page that does not repeat it.
 * @example provider.use(loopbackHostOnly())
 */
export function loopbackHostOnly(): KoaMiddleware {
  return async function loopbackHost(ctx: KoaContext, next: KoaNext): Promise<void> {
    if (LOOPBACK_HOST.test(ctx.get("host"))) return next();
    sendErrorPage(
      ctx,
      GENERIC_ERROR,
      "This mock IdP answers only on localhost, 127.0.0.1 or [::1].",
    );
  };
}
