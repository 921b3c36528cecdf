import { describe, expect, it } from "vitest";
import { createApp } from "./app.tsx";
import { errorAnswer } from "./error-answer.tsx";
import { statusContent } from "./pages/error-text.ts";
import { PRODUCT_NAME } from "./pages/layout.tsx";
import { mockAuthOptions } from "./testing/mock-auth-options.ts";

const refusal = { ...statusContent(400, 'Not "<this>".'), code: "bad_request" };

describe("errorAnswer", () => {
  it("is the app's error page for a browser: branded, escaped, never cached", () => {
    const answer = errorAnswer(refusal, false);
    expect(answer.status).toBe(400);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.body).toMatch(/^<!doctype html><html lang="en">/);
    expect(answer.body).toContain(PRODUCT_NAME);
    expect(answer.body).toContain("ERROR 400");
    expect(answer.body).toContain("Not &quot;&lt;this&gt;&quot;.");
    expect(answer.body).not.toContain("<this>");
  });

  it("is JSON with a stable code for an API call", () => {
    const answer = errorAnswer(refusal, true);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(answer.body)).toEqual({ error: "bad_request", message: 'Not "<this>".' });
  });

  it("carries the same Content-Security-Policy as the app's own pages", async () => {
    const app = createApp({ auth: mockAuthOptions("error-answer-test-secret-0123456789abcdef") });
    const page = await app.request("http://localhost:3000/healthz");
    expect(errorAnswer(refusal, false).headers["content-security-policy"]).toBe(
      page.headers.get("content-security-policy"),
    );
  });
});
