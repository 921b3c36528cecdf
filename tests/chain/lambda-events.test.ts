// The Lambda handler as AWS calls it: Function URL events (payload 2.0) on an https origin,
// against the real mock IdP (which registers that origin's callback). Binds no registered port.
import { createLambdaHandler } from "@cognito-dashboard/dashboard";
import { CALLBACK_PATH, LOGIN_PATH, logoutUrl } from "@cognito-dashboard/local-dev";
import type { MockIdp } from "@cognito-dashboard/mock-idp";
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, parseForms } from "./browser.ts";
import { ADMIN, authFor, startIdp } from "./harness.ts";

const DOMAIN = "abcdefghijklmnopqrstuvwxyz234567.lambda-url.eu-west-1.on.aws";
const ORIGIN = `https://${DOMAIN}`;

let idp: MockIdp;
let handler: ReturnType<typeof createLambdaHandler>;

beforeAll(async () => {
  idp = await startIdp({
    extraCallbackUrls: [`${ORIGIN}${CALLBACK_PATH}`],
    extraLogoutUrls: [logoutUrl(ORIGIN)],
  });
  handler = createLambdaHandler({ auth: authFor(idp), source: "mock" });
});
afterAll(async () => {
  await idp?.stop();
});

/** A Function URL event as AWS builds it: Cookie header split into `cookies`. */
function event(
  rawPath: string,
  rawQueryString: string,
  cookies: string[],
  accept = "text/html",
): LambdaFunctionURLEvent {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers: { host: DOMAIN, accept, "x-forwarded-proto": "https", "user-agent": "chain-test" },
    requestContext: {
      accountId: "anonymous",
      apiId: DOMAIN.split(".")[0] as string,
      domainName: DOMAIN,
      domainPrefix: DOMAIN.split(".")[0] as string,
      http: {
        method: "GET",
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "198.51.100.4",
        userAgent: "chain-test",
      },
      requestId: crypto.randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

type Structured = Exclude<LambdaFunctionURLResult, string>;

async function invoke(e: LambdaFunctionURLEvent): Promise<Structured> {
  const result = await handler(e);
  if (typeof result === "string") throw new Error("expected a structured result");
  return result;
}

/** The browser's cookie jar for the function's origin: name=value pairs, later ones win. */
function applyCookies(jar: Map<string, string>, setCookies: string[] | undefined): void {
  for (const line of setCookies ?? []) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq);
    if (/max-age=0/i.test(line) || pair.slice(eq + 1) === "") jar.delete(name);
    else jar.set(name, pair.slice(eq + 1));
  }
}

describe("the Lambda handler with Function URL events", () => {
  it("logs in on the https origin; the callback's Set-Cookies all come back in `cookies`", async () => {
    const jar = new Map<string, string>();
    const deepLink = await invoke(event("/admin", "tab=lambda", []));
    expect(deepLink.statusCode).toBe(302);
    const login = await invoke(
      event(LOGIN_PATH, new URL(String(deepLink.headers?.location), ORIGIN).search.slice(1), []),
    );
    applyCookies(jar, login.cookies);
    const authorize = new URL(String(login.headers?.location));
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${ORIGIN}${CALLBACK_PATH}`);

    // The hosted UI part, over real HTTP.
    const browser = new Browser();
    const formPage = await browser.navigate(authorize.href);
    const form = parseForms(formPage.body, formPage.url).find((f) =>
      f.fieldNames.includes("password"),
    );
    if (!form) throw new Error(`no sign-in form at ${formPage.url}`);
    const signedIn = await browser.submit(
      form.action,
      { ...form.hidden, username: ADMIN.email, password: ADMIN.password },
      { stopAt: (url) => url.origin === ORIGIN },
    );
    const callback = new URL(String(signedIn.hops.at(-1)?.location));
    expect(callback.origin + callback.pathname).toBe(`${ORIGIN}${CALLBACK_PATH}`);

    const txCookies = [...jar].map(([n, v]) => `${n}=${v}`);
    const answer = await invoke(event(CALLBACK_PATH, callback.search.slice(1), txCookies));
    expect(answer.statusCode).toBe(302);
    expect(answer.headers?.location).toBe("/admin?tab=lambda");
    // Several cookies in one answer: the new session (in two parts: it keeps the access token
    // beside Cognito's 1.8 KB refresh token) and the finished attempt, cleared.
    const names = (answer.cookies ?? []).map((c) => c.split("=")[0]);
    expect(names).toContain("__Host-cdash_session");
    expect(
      names.filter((n) => n?.startsWith("__Host-cdash_tx_") || n?.startsWith("cdash_tx_")),
    ).toHaveLength(1);
    expect(answer.cookies?.every((c) => /;\s*secure/i.test(c))).toBe(true);
    expect(Object.keys(answer.headers ?? {})).not.toContain("set-cookie");
    applyCookies(jar, answer.cookies);
    expect([...jar.keys()]).toEqual(["__Host-cdash_session", "__Host-cdash_session.1"]);

    const session = [...jar].map(([n, v]) => `${n}=${v}`);
    const admin = await invoke(event("/admin", "tab=lambda", session));
    expect(admin.statusCode).toBe(200);
    expect(admin.body).toContain(ADMIN.email);
    const me = await invoke(event("/api/me", "", session, "application/json"));
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body ?? "{}")).toMatchObject({ email: ADMIN.email });

    const logout = await invoke(event("/logout", "", session));
    expect(logout.statusCode).toBe(302);
    const idpLogout = new URL(String(logout.headers?.location));
    expect(idpLogout.searchParams.get("logout_uri")).toBe(`${ORIGIN}/signed-out`);
    applyCookies(jar, logout.cookies);
    expect(jar.size).toBe(0);
  });
});
