/**
 * The hosted UI's check: its domain resolves, serves TLS, and its authorize page accepts the
 * stack's client with the function's callback. A new domain is reported as `wait`: AWS says a
 * prefix domain "might take up to one minute to take effect" and a custom domain's certificate up
 * to an hour (CreateUserPoolDomain, Cognito API reference); until then its name does not resolve,
 * TLS fails, or it answers 404.
 */
import { CALLBACK_PATH } from "@cognito-dashboard/local-dev";
import { type CheckLine, fail, ok } from "./check-line.ts";
import { describe } from "./function-url.ts";
import { probe } from "./probe.ts";
import type { StageOutputs } from "./stage-outputs.ts";

const CHECK = "hosted UI";

/**
 * The authorize request a sign-in makes, for when the function could not say it (a fixed PKCE
 * challenge: the request is never completed).
 */
export function authorizeRequest(outputs: StageOutputs): string {
  const url = new URL("/oauth2/authorize", outputs.hostedUiUrl);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: outputs.clientId,
    redirect_uri: `${outputs.dashboardUrl}${CALLBACK_PATH}`,
    scope: "openid email profile",
    state: "check-deploy",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  }).toString();
  return url.href;
}

/**
 * GETs the authorize URL and says what the hosted UI made of it.
 * @example await hostedUiCheck(outputs, authorizeUrl) // { check: "hosted UI", state: "ok", … }
 */
export async function hostedUiCheck(
  outputs: StageOutputs,
  authorizeUrl: string = authorizeRequest(outputs),
  get: typeof probe = probe,
): Promise<CheckLine> {
  const host = new URL(outputs.hostedUiUrl).host;
  const callback = `${outputs.dashboardUrl}${CALLBACK_PATH}`;
  const redeploy = `npx sst deploy --stage ${outputs.stage}`;
  const answer = await get(authorizeUrl, { accept: "text/html" });
  const propagating = (found: string): CheckLine => ({
    check: CHECK,
    state: "wait",
    said: `${host} ${found}: still propagating if the stage was deployed in the last minutes`,
    fix: `run this again in a minute (a new prefix domain takes up to a minute, a custom domain's certificate up to an hour); still so after that: check the pool's domain in the Cognito console${host.endsWith(".amazoncognito.com") ? "" : " and your DNS record for it"}, then ${redeploy}`,
  });

  if (!answer.ok) {
    if (answer.failure === "timeout" || answer.failure === "too_large") {
      return fail(
        CHECK,
        `${host} gave ${describe(answer)}`,
        "run this again; if it persists, check your network (a proxy?)",
      );
    }
    return propagating(`does not answer yet (${answer.detail})`);
  }
  if (answer.status === 404 || answer.status >= 500) {
    return propagating(`answers HTTP ${answer.status} to the authorize page`);
  }
  const mismatch = fail(
    CHECK,
    `the app client does not list ${callback} as a callback URL (Cognito: redirect_mismatch)`,
    `${redeploy} (the stack registers the Function URL's callback); if it is listed, look for a typo or a trailing slash in the client's allowed callback URLs`,
  );
  // Cognito redirects to its /error page; the mock IdP answers that page at once (400).
  if (answer.status === 400 && answer.body.includes("redirect_mismatch")) return mismatch;
  if (answer.status === 200) {
    return ok(CHECK, `${host} shows its sign-in page for the stack's client and ${callback}`);
  }
  const location = answer.headers.get("location");
  if (answer.status === 302 && location) {
    const target = new URL(location, authorizeUrl);
    const error = target.searchParams.get("error");
    if (target.host === host && target.pathname === "/error") {
      if (error === "redirect_mismatch") return mismatch;
      return fail(
        CHECK,
        `the hosted UI refused the sign-in request (${error ?? "no reason given"})`,
        redeploy,
      );
    }
    if (`${target.origin}${target.pathname}` === callback) {
      return error
        ? fail(CHECK, `the hosted UI sent the sign-in back with error=${error}`, redeploy)
        : ok(CHECK, `${host} accepts the stack's client and ${callback}`);
    }
    if (target.host === host) {
      return ok(
        CHECK,
        `${host} accepts the stack's client and ${callback} (it sends to ${target.pathname})`,
      );
    }
    return fail(CHECK, `the authorize page sends to ${target.origin}${target.pathname}`, redeploy);
  }
  return fail(
    CHECK,
    `the authorize page answered HTTP ${answer.status} (an unknown client id?)`,
    `${redeploy}; the client id the function uses is the clientId output`,
  );
}
