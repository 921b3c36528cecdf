/**
 * The checks of the Function URL, as a browser and an API client meet it without a session: a
 * page request goes to `/login/cognito` on https, an API request gets 401 JSON, the security
 * headers are there, `/login/cognito` sends to the hosted UI with the stack's client and
 * callback and sets a `__Host-` attempt cookie, the function can get its client settings
 * (`/healthz/sign-in`), and it started at all (which it does not without its session secret).
 */
import { CALLBACK_PATH, LOGIN_PATH } from "@cognito-dashboard/local-dev";
import { type CheckLine, fail, ok } from "./check-line.ts";
import { type ProbeAnswer, type Probed, probe } from "./probe.ts";
import type { StageOutputs } from "./stage-outputs.ts";

/** The headers every answer of the dashboard carries (hono's secureHeaders and the app's CSP). */
export const SECURITY_HEADERS = [
  "content-security-policy",
  "strict-transport-security",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
];

/** What a failing `/healthz/sign-in` code means, and what to do about it. */
export function clientSettingsFix(code: string, stage: string): { said: string; fix: string } {
  const redeploy = `npx sst deploy --stage ${stage}`;
  switch (code) {
    case "access_denied":
      return {
        said: "the function may not read its app client: Cognito refused DescribeUserPoolClient to its role (IAM)",
        fix: `${redeploy} (the role's policy is in infra/dashboard.ts); if it stays refused, a permission boundary or an organisation SCP denies cognito-idp:DescribeUserPoolClient or ListUserPoolClients on the pool`,
      };
    case "client_not_found":
      return { said: "the pool has no app client with the stack's name", fix: redeploy };
    case "client_ambiguous":
      return {
        said: "the pool has two app clients with the stack's name",
        fix: "delete the one the stack does not manage (the stack's id is the clientId output), then run this again",
      };
    case "no_domain":
      return { said: "the pool has no hosted-UI domain", fix: redeploy };
    case "no_credentials":
      return { said: "the function has no AWS credentials (its role)", fix: redeploy };
    case "throttled":
    case "unavailable":
      return {
        said: `Cognito did not answer the function in time (${code})`,
        fix: "run this again in a minute; if it persists, the function's log has the call that failed",
      };
    default:
      return {
        said: `the function could not get its app client's settings (${code})`,
        fix: 'the function\'s CloudWatch log has the reason (a line with "request failed")',
      };
  }
}

/** The Function URL's checks; also returns the hosted UI's authorize URL the function sends to. */
export async function functionUrlChecks(
  outputs: StageOutputs,
  get: typeof probe = probe,
): Promise<{ lines: CheckLine[]; authorizeUrl?: string }> {
  const { dashboardUrl, stage } = outputs;
  const lines: CheckLine[] = [];
  const page = await get(`${dashboardUrl}/`, { accept: "text/html" });

  if (!page.ok || page.status >= 500) {
    lines.push(notStarted(page, outputs));
    lines.push(
      page.ok
        ? fail(
            "session secret",
            "not confirmed: the function fails at start, which is what a missing or malformed SessionSecret does",
            `check \`npx sst secret list --stage ${stage}\` shows SessionSecret; if not: npx sst secret set SessionSecret "$(openssl rand -base64 32)" --stage ${stage} && npx sst deploy --stage ${stage}. The function's CloudWatch log names the setting that stopped it`,
          )
        : {
            check: "session secret",
            state: "skip",
            said: "not checked: the function does not answer",
          },
    );
    return { lines };
  }

  lines.push(pageRedirect(page, dashboardUrl, stage));
  lines.push(ok("session secret", "set and valid (the function does not start without one)"));
  const missing = SECURITY_HEADERS.filter((name) => !page.headers.get(name));
  lines.push(
    missing.length === 0
      ? ok("security headers", SECURITY_HEADERS.join(", "))
      : fail(
          "security headers",
          `missing on GET /: ${missing.join(", ")}`,
          `deploy this version (npx sst deploy --stage ${stage}); if they are still missing, something in front of the Function URL strips them`,
        ),
  );

  const api = await get(`${dashboardUrl}/api/me`, { accept: "application/json" });
  lines.push(
    api.ok &&
      api.status === 401 &&
      (api.headers.get("content-type") ?? "").includes("application/json")
      ? ok("API", "GET /api/me without a session gets 401 JSON")
      : fail(
          "API",
          `GET /api/me without a session got ${describe(api)}, not 401 JSON`,
          `deploy this version (npx sst deploy --stage ${stage})`,
        ),
  );

  const login = await get(`${dashboardUrl}${LOGIN_PATH}`, { accept: "text/html" });
  const { line: redirectLine, authorizeUrl } = loginRedirect(login, outputs);
  lines.push(redirectLine);
  lines.push(attemptCookie(login, stage));

  const health = await get(`${dashboardUrl}/healthz/sign-in`, { accept: "application/json" });
  lines.push(clientSettingsLine(health, stage));
  return { lines, authorizeUrl };
}

function notStarted(page: Probed, outputs: StageOutputs): CheckLine {
  if (!page.ok) {
    return fail(
      "function",
      `the Function URL ${outputs.dashboardUrl} does not answer: ${page.detail}`,
      `check dashboardUrl in the outputs; if the last deploy did not finish, run npx sst deploy --stage ${outputs.stage} again`,
    );
  }
  return fail(
    "function",
    `GET / answered HTTP ${page.status}: the function fails before it can answer (at start, or on every request)`,
    `its CloudWatch log says why (the first error after INIT_START); see the session secret line below`,
  );
}

function pageRedirect(page: ProbeAnswer, dashboardUrl: string, stage: string): CheckLine {
  const expected = new URL(LOGIN_PATH, dashboardUrl);
  const location = page.headers.get("location");
  const target = location ? new URL(location, dashboardUrl) : undefined;
  if (
    page.status === 302 &&
    target?.protocol === "https:" &&
    target.host === expected.host &&
    target.pathname === expected.pathname
  ) {
    return ok("function", `a page request without a session goes to ${expected.href} (https)`);
  }
  return fail(
    "function",
    `a page request without a session got ${describe(page)}${target ? ` to ${target.href}` : ""}, not a redirect to ${expected.href}`,
    `deploy this version (npx sst deploy --stage ${stage}); a redirect to http means the function does not see the Function URL's https`,
  );
}

function loginRedirect(
  login: Probed,
  outputs: StageOutputs,
): { line: CheckLine; authorizeUrl?: string } {
  const check = "sign-in redirect";
  const redeploy = `npx sst deploy --stage ${outputs.stage}`;
  const location = login.ok ? login.headers.get("location") : null;
  if (!login.ok || login.status !== 302 || !location) {
    return {
      line: fail(
        check,
        `GET ${LOGIN_PATH} got ${describe(login)}, not a redirect to the hosted UI`,
        login.ok && login.status >= 500
          ? 'the function\'s CloudWatch log has the reason (a line with "request failed"); see the client settings line'
          : `deploy this version (${redeploy})`,
      ),
    };
  }
  const target = new URL(location, outputs.dashboardUrl);
  const callback = `${outputs.dashboardUrl}${CALLBACK_PATH}`;
  const problems: string[] = [];
  if (target.origin !== outputs.hostedUiUrl) {
    problems.push(`goes to ${target.origin}, not the stack's hosted UI ${outputs.hostedUiUrl}`);
  }
  if (target.pathname !== "/oauth2/authorize") problems.push(`path ${target.pathname}`);
  const clientId = target.searchParams.get("client_id");
  if (clientId !== outputs.clientId) {
    problems.push(`client_id ${clientId} is not the stack's client ${outputs.clientId}`);
  }
  const redirectUri = target.searchParams.get("redirect_uri");
  if (redirectUri !== callback) problems.push(`redirect_uri ${redirectUri} is not ${callback}`);
  if (problems.length > 0) {
    return {
      line: fail(
        check,
        `${LOGIN_PATH} sends to the hosted UI with the wrong settings: ${problems.join("; ")}`,
        `${redeploy} (its last step hands the function its client and hosted UI)`,
      ),
    };
  }
  return {
    line: ok(
      check,
      `${LOGIN_PATH} sends to ${outputs.hostedUiUrl}/oauth2/authorize with the stack's client and ${callback}`,
    ),
    authorizeUrl: target.href,
  };
}

function attemptCookie(login: Probed, stage: string): CheckLine {
  const check = "attempt cookie";
  if (!login.ok || login.status !== 302) {
    return { check, state: "skip", said: `not checked: ${LOGIN_PATH} did not redirect` };
  }
  if (login.setCookies.length === 0) {
    return fail(
      check,
      `${LOGIN_PATH} set no cookie`,
      `deploy this version (npx sst deploy --stage ${stage})`,
    );
  }
  const wrong = login.setCookies.filter((cookie) => !isHostCookie(cookie));
  if (wrong.length > 0) {
    const names = wrong.map((cookie) => cookie.split("=")[0]).join(", ");
    return fail(
      check,
      `${LOGIN_PATH} set ${names} without __Host-, Secure, HttpOnly and Path=/ (no Domain)`,
      `deploy this version (npx sst deploy --stage ${stage}); cookies lose __Host- only when the function does not see https`,
    );
  }
  return ok(
    check,
    `${login.setCookies.map((c) => c.split("=")[0]).join(", ")}: __Host-, Secure, HttpOnly`,
  );
}

function isHostCookie(cookie: string): boolean {
  const [pair = "", ...attributes] = cookie.split(";").map((part) => part.trim());
  const names = attributes.map((a) => a.split("=")[0]?.toLowerCase());
  return (
    pair.startsWith("__Host-") &&
    names.includes("secure") &&
    names.includes("httponly") &&
    attributes.some((a) => a.toLowerCase() === "path=/") &&
    !names.includes("domain")
  );
}

function clientSettingsLine(health: Probed, stage: string): CheckLine {
  const check = "client settings";
  if (health.ok && health.status === 200) {
    return ok(check, "the function gets its app client's settings from Cognito (/healthz/sign-in)");
  }
  let code: string | undefined;
  if (health.ok && health.status === 503) {
    try {
      const body = JSON.parse(health.body) as { code?: unknown };
      if (typeof body.code === "string") code = body.code;
    } catch {
      // not the route's JSON: said below
    }
  }
  if (!code) {
    return fail(
      check,
      `GET /healthz/sign-in got ${describe(health)}`,
      `deploy this version (npx sst deploy --stage ${stage}): older versions have no such route`,
    );
  }
  const { said, fix } = clientSettingsFix(code, stage);
  return {
    check,
    state: code === "throttled" || code === "unavailable" ? "wait" : "fail",
    said,
    fix,
  };
}

/** An answer in a few words, for a line. */
export function describe(answer: Probed): string {
  return answer.ok ? `HTTP ${answer.status}` : `no answer (${answer.detail})`;
}
