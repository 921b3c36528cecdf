import type { CognitoAuthError } from "@cognito-dashboard/cognito-auth";
import { type ErrorContent, HOME_ACTION, SIGN_IN_AGAIN } from "./error-page.tsx";

/** The title and the message of a refusal known only by its status. */
const STATUS_TEXT: Record<number, [title: string, message: string]> = {
  400: ["Bad request", "The request could not be read."],
  401: ["Please sign in", "You need to sign in to see this page."],
  403: ["Access denied", "You are not allowed to do this."],
  404: ["Page not found", "There is nothing at this address. It may have moved."],
  405: ["Not allowed", "This page does not accept that kind of request."],
  408: ["Request timeout", "The request took too long to arrive."],
  413: ["Request too large", "The request was larger than this service accepts."],
  431: ["Request too large", "The request headers (cookies, most often) were too large."],
  500: ["Something went wrong", "Something went wrong on our side. Try again in a moment."],
  502: ["Something went wrong", "The dashboard did not answer. Try again in a moment."],
};

/**
 * What the error page of a bare status says, with `message` instead of the usual one if given.
 */
export function statusContent(status: number, message?: string): ErrorContent {
  const [title, fallback] =
    STATUS_TEXT[status] ??
    (status >= 500
      ? (STATUS_TEXT[500] as [string, string])
      : ["Request refused", "This request was refused."]);
  return {
    status,
    title,
    message: message || fallback,
    action: status === 401 ? SIGN_IN_AGAIN : HOME_ACTION,
  };
}

/**
 * The error codes the hosted UI sends back to the callback (OAuth 2.0 and OpenID Connect), in
 * words a person can act on. The code itself means nothing to them.
 */
const IDP_ERROR_TEXT: Record<string, string> = {
  access_denied: "The sign-in was cancelled, or the sign-in service refused access to this app.",
  invalid_request: "The sign-in service could not read this app's sign-in request.",
  unauthorized_client:
    "The sign-in service does not allow this app to sign people in this way. An administrator needs to check the app client's settings.",
  unsupported_response_type:
    "The sign-in service does not allow this app to sign people in this way. An administrator needs to check the app client's settings.",
  invalid_scope:
    "This app asked for permissions the sign-in service does not grant it. An administrator needs to check the app client's scopes.",
  server_error: "The sign-in service ran into a problem. Try again in a moment.",
  temporarily_unavailable: "The sign-in service is busy right now. Try again in a moment.",
  login_required: "The sign-in service needs you to sign in again.",
  interaction_required: "The sign-in service needs you to sign in again.",
  consent_required: "The sign-in service needs your consent before signing you in.",
};

/**
 * What the error page of a middleware refusal says, by its stable code.
 */
export function authErrorContent(cause: CognitoAuthError, status: number): ErrorContent {
  const base = { status, message: cause.message };
  switch (cause.code) {
    case "unauthenticated":
      return { ...base, title: "Please sign in", action: SIGN_IN_AGAIN };
    case "not_in_group":
      return {
        ...base,
        title: "You don't have access to this page",
        message: `${cause.message} Ask an administrator if you think you should.`,
        action: HOME_ACTION,
      };
    case "csrf_mismatch":
      return { ...base, title: "This request could not be verified", action: HOME_ACTION };
    case "bad_request":
    case "method_not_allowed":
      return { ...base, title: "Request refused", action: HOME_ACTION };
    case "idp_unavailable":
      return { ...base, title: "Sign-in is unavailable right now", action: SIGN_IN_AGAIN };
    case "idp_error":
      return {
        ...base,
        ...idpErrorText(cause.detail),
        title: "We couldn't sign you in",
        action: SIGN_IN_AGAIN,
      };
    default:
      return { ...base, title: "We couldn't sign you in", action: SIGN_IN_AGAIN };
  }
}

/**
 * The message of an IdP error, in words, from the middleware's `detail`: the IdP's error code,
 * then its description when the callback answered this browser's own sign-in attempt
 * (`"access_denied: User cancelled"`). The description is shown as the IdP's words; the code is
 * translated, and shown only when it is one this app does not know.
 */
function idpErrorText(detail: string | undefined): Pick<ErrorContent, "message" | "detail"> {
  const [code = "", ...rest] = (detail ?? "").split(": ");
  const description = rest.join(": ").trim();
  const words = IDP_ERROR_TEXT[code];
  return {
    message:
      words ?? `The sign-in service did not sign you in${code ? ` (it answered "${code}")` : ""}.`,
    detail: description ? `The sign-in service said: ${description}` : undefined,
  };
}
