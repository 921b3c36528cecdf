import type { KoaContext } from "oidc-provider";
import { errorPage } from "./pages.ts";

/** Cognito's text on its `/error` page. */
export const GENERIC_ERROR = "An error was encountered with the requested page.";

/** What oidc-provider hands to `renderError`. */
interface ErrorOut {
  error?: string;
  error_description?: string;
}

/**
 * Sends an HTML error page with status 400; used for every error a browser sees.
 * @example sendErrorPage(ctx, GENERIC_ERROR, "redirect_mismatch")
 */
export function sendErrorPage(
  ctx: KoaContext,
  message: string,
  detail?: string,
  status = 400,
): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.body = errorPage(message, detail);
}

/**
 * oidc-provider's `renderError`: errors of the authorization endpoint that cannot be sent to the
 * app (unknown client, unregistered redirect_uri, missing parameters, an expired sign-in), in
 * Cognito's words. Never a redirect, never a stack trace.
 * @example renderAuthorizeError(ctx, { error: "invalid_redirect_uri" })
 */
export async function renderAuthorizeError(ctx: KoaContext, out: ErrorOut): Promise<void> {
  const status = ctx.status >= 400 && ctx.status < 500 ? ctx.status : 400;
  const description = out.error_description ?? "";
  if (out.error === "invalid_redirect_uri") {
    sendErrorPage(
      ctx,
      GENERIC_ERROR,
      "error=redirect_mismatch: redirect_uri is not one of the app client's callback URLs (the match is exact).",
      status,
    );
  } else if (out.error === "invalid_client") {
    sendErrorPage(
      ctx,
      GENERIC_ERROR,
      "error=invalid_client: no app client has this client_id.",
      status,
    );
  } else if (description.startsWith("missing required parameter")) {
    sendErrorPage(
      ctx,
      GENERIC_ERROR,
      `error=Required parameters missing (${description}).`,
      status,
    );
  } else if (out.error === "invalid_request" && description.includes("interaction")) {
    sendErrorPage(
      ctx,
      GENERIC_ERROR,
      "This sign-in expired or its cookie is missing; start again from the app.",
      status,
    );
  } else {
    sendErrorPage(ctx, GENERIC_ERROR, `error=${out.error ?? "invalid_request"}`, status);
  }
}
