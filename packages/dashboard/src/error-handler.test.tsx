import { CognitoAuthError } from "@cognito-dashboard/cognito-auth";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError, handleNotFound } from "./error-handler.tsx";

// A bare app with the dashboard's handlers: the refusals are built the way the middleware does.
function appThrowing(error: () => Error): Hono {
  const app = new Hono();
  app.get("/boom", () => {
    throw error();
  });
  app.get("/api/boom", () => {
    throw error();
  });
  app.notFound(handleNotFound);
  app.onError(handleError);
  return app;
}

const html = { accept: "text/html" };
const json = { accept: "application/json" };

afterEach(() => {
  vi.restoreAllMocks();
});

describe("handleError", () => {
  it("turns an unexpected error into a generic 500 page and logs it without the query", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = appThrowing(() => new Error("database said: password=hunter2"));
    const res = await app.request("/boom?code=SECRETCODE", { headers: html });
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toContain("Something went wrong");
    expect(body).not.toContain("hunter2");
    expect(body).not.toMatch(/\n\s+at /);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[0])).not.toContain("SECRETCODE");
    expect(String(log.mock.calls[0]?.[0])).toContain('"path":"/boom"');
  });

  it("keeps tokens, codes and cookies a library quoted in its message out of the log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
    const state = "Qx3aZ0bLkY7mT2pW.9f8e7d6c5b4a39281706f5e4d3c2b1a0ZyXwVuTsRqP";
    const app = appThrowing(
      () =>
        new SyntaxError(
          `Unexpected token, "${jwt}" is not valid JSON; cookie cdash_session=short; state=${state}; code=abc123`,
        ),
    );
    expect((await app.request("/boom", { headers: html })).status).toBe(500);
    const line = String(log.mock.calls[0]?.[0]);
    for (const secret of [jwt.slice(0, 20), "short", state.slice(0, 16), "abc123"]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain("is not valid JSON");
    expect(line).toContain("error-handler.test.tsx");
  });

  it("answers API callers with JSON, also for a 500", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await appThrowing(() => new Error("x")).request("/api/boom", { headers: json });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: "internal_error",
      message: expect.any(String),
    });
  });

  it("restyles the middleware's HTML refusal, keeping status and cookies", async () => {
    const cause = new CognitoAuthError("state_mismatch");
    const res0 = new Response("<p>plain</p>", {
      status: 400,
      headers: { "content-type": "text/html; charset=utf-8" },
    });
    res0.headers.append("set-cookie", "cdash_tx_a=; Max-Age=0; Path=/");
    res0.headers.append("set-cookie", "cdash_tx_b=; Max-Age=0; Path=/");
    const app = appThrowing(() => new HTTPException(400, { res: res0, cause }));
    const res = await app.request("/boom", { headers: html });
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie()).toHaveLength(2);
    const body = await res.text();
    expect(body).not.toContain("<p>plain</p>");
    expect(body).toContain(cause.message);
    expect(body).toContain("Sign in again");
  });

  it("restyles idp_unavailable as a 503 'try again' page, keeping Retry-After, no cookie touched", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const cause = new CognitoAuthError("idp_unavailable");
    const res0 = new Response("<p>plain</p>", {
      status: 503,
      headers: { "content-type": "text/html; charset=utf-8", "retry-after": "5" },
    });
    const app = appThrowing(() => new HTTPException(503, { res: res0, cause }));
    const res = await app.request("/boom", { headers: html });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.headers.getSetCookie()).toEqual([]);
    const body = await res.text();
    expect(body).toContain("Sign-in is unavailable right now");
    expect(body).toContain("ERROR 503");
  });

  it("leaves the middleware's JSON refusal untouched", async () => {
    const cause = new CognitoAuthError("not_in_group");
    const original = { error: "not_in_group", message: cause.message };
    const app = appThrowing(
      () => new HTTPException(403, { res: Response.json(original, { status: 403 }), cause }),
    );
    const res = await app.request("/api/boom", { headers: json });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(original);
  });

  it("shows a 403 for a missing group with a way home, not a login loop", async () => {
    const cause = new CognitoAuthError("not_in_group");
    const app = appThrowing(
      () => new HTTPException(403, { res: new Response("no", { status: 403 }), cause }),
    );
    const body = await (await app.request("/boom", { headers: html })).text();
    expect(body).toContain("You don&#39;t have access to this page");
    expect(body).toContain("ERROR 403");
    expect(body).not.toContain("Sign in again");
  });
});

describe("an IdP error", () => {
  const refusedBy = (detail: string) => {
    const cause = new CognitoAuthError("idp_error", { detail });
    const res = new Response("<p>plain</p>", { status: 400 });
    return appThrowing(() => new HTTPException(400, { res, cause })).request("/boom", {
      headers: html,
    });
  };

  it("says what the IdP's code means in words, not the code", async () => {
    const body = await (await refusedBy("access_denied")).text();
    expect(body).toContain("The sign-in was cancelled, or the sign-in service refused access");
    expect(body).not.toContain("access_denied");
    expect(body).toContain("Sign in again");
  });

  it("shows the IdP's own description as its words, escaped", async () => {
    const body = await (await refusedBy("server_error: Federation <b>failed</b>: timeout")).text();
    expect(body).toContain("The sign-in service ran into a problem.");
    expect(body).toContain(
      "The sign-in service said: Federation &lt;b&gt;failed&lt;/b&gt;: timeout",
    );
    expect(body).not.toContain("server_error");
  });

  it("quotes a code it does not know, so that an administrator can look it up", async () => {
    const body = await (await refusedBy("account_locked_somewhere")).text();
    expect(body).toContain(
      "The sign-in service did not sign you in (it answered &quot;account_locked_somewhere&quot;).",
    );
  });
});

describe("handleNotFound", () => {
  it("is a branded page for browsers and JSON for API callers", async () => {
    const app = appThrowing(() => new Error("unused"));
    const page = await app.request("/nowhere", { headers: html });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("Page not found");
    const api = await app.request("/api/nowhere", { headers: json });
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: "not_found" });
  });
});
