import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { describe, expect, it } from "vitest";
import { AdminPage, type SignInSummary } from "./admin-page.tsx";
import { ErrorPage, SIGN_IN_AGAIN } from "./error-page.tsx";
import { formatInstant, formatRemaining } from "./format.ts";
import { HomePage } from "./home-page.tsx";
import { PRODUCT_NAME } from "./layout.tsx";

const NOW = Date.UTC(2026, 10, 25, 12, 0);
const demo: CognitoUser = {
  sub: "0f1e2d3c-aaaa-bbbb-cccc-123456789abc",
  username: "demo",
  email: "demo@example.com",
  name: "Dana Demo",
  groups: [],
  claims: {},
  sessionExpiresAt: NOW + (7 * 60 + 59) * 60_000,
};
const admin: CognitoUser = { ...demo, email: "admin@example.com", groups: ["admins", "ops"] };

const html = (el: unknown) => String(el);

describe("HomePage", () => {
  it("greets by name and shows email, groups and when the session ends", () => {
    const page = html(<HomePage user={admin} csrfToken="tok123" now={NOW} />);
    expect(page).toContain("Welcome, Dana Demo");
    expect(page).toContain("admin@example.com");
    expect(page).toContain('<span class="chip">admins</span>');
    expect(page).toContain('<span class="chip">ops</span>');
    expect(page).toContain("in 7 h 59 min");
    expect(page).toContain("25 Nov 2026, 19:59 UTC");
  });

  it("has a nav bar with the product, the user and a CSRF-protected Logout form", () => {
    const page = html(<HomePage user={demo} csrfToken="tok123" now={NOW} />);
    expect(page).toContain(PRODUCT_NAME);
    expect(page).toMatch(/<form[^>]*method="post"[^>]*action="\/logout"/);
    expect(page).toContain('<input type="hidden" name="_csrf" value="tok123"/>');
    expect(page).toContain("Log out");
  });

  it("links the admin page only for admins", () => {
    expect(html(<HomePage user={admin} csrfToken="t" now={NOW} />)).toContain('href="/admin"');
    const demoPage = html(<HomePage user={demo} csrfToken="t" now={NOW} />);
    expect(demoPage).not.toContain('href="/admin"');
    expect(demoPage).toContain("You are not in any group.");
  });

  it("shows the username only where it is not the user id (email-as-username pools)", () => {
    expect(html(<HomePage user={demo} csrfToken="t" now={NOW} />)).toContain("Username");
    const sameAsSub = { ...demo, username: demo.sub };
    const page = html(<HomePage user={sameAsSub} csrfToken="t" now={NOW} />);
    expect(page).not.toContain("Username");
    expect(page.split(demo.sub)).toHaveLength(2);
  });

  it("escapes what the IdP sends (names are user-controlled)", () => {
    const evil = { ...demo, name: '<script>alert("x")</script>', groups: ["<b>g</b>"] };
    const page = html(<HomePage user={evil} csrfToken="t" now={NOW} />);
    expect(page).not.toContain("<script>");
    expect(page).not.toContain("<b>g</b>");
    expect(page).toContain("&lt;script&gt;");
  });

  it("falls back to the email's local part when the name is empty", () => {
    const page = html(<HomePage user={{ ...demo, name: "" }} csrfToken="t" now={NOW} />);
    expect(page).toContain("Welcome, demo");
  });

  it("uses only inline styles: no external stylesheet, font or script", () => {
    const page = html(<HomePage user={demo} csrfToken="t" now={NOW} />);
    expect(page).not.toMatch(/<link|<script|@import|https?:\/\/(?!www\.w3)/);
  });
});

describe("AdminPage", () => {
  it("shows the sign-in setup", () => {
    const summary: SignInSummary = {
      source: "mock",
      hostedUi: "http://localhost:9500",
      userPoolId: "us-east-1_LocalMock",
      clientId: "client123",
      clientType: "confidential",
      sessionKeys: 2,
      sessionHours: 8,
    };
    const page = html(<AdminPage user={admin} csrfToken="t" summary={summary} />);
    expect(page).toContain("Administration");
    expect(page).toContain("us-east-1_LocalMock");
    expect(page).toContain("Local mock IdP");
    expect(page).toContain("2 keys");
    expect(page).toContain('aria-current="page"');
  });
});

describe("ErrorPage", () => {
  it("shows the status, a message and the way out, without a nav user when signed out", () => {
    const page = html(
      <ErrorPage
        status={400}
        title="We couldn't sign you in"
        message="Expired."
        action={SIGN_IN_AGAIN}
      />,
    );
    expect(page).toContain("ERROR 400");
    expect(page).toContain('href="/login/cognito"');
    expect(page).toContain("Sign in again");
    expect(page).not.toContain("Log out");
  });
});

describe("format", () => {
  it("formats instants in UTC and remaining time in hours and minutes", () => {
    expect(formatInstant(Date.UTC(2026, 0, 5, 9, 7))).toBe("5 Jan 2026, 09:07 UTC");
    expect(formatRemaining(NOW + 95 * 60_000, NOW)).toBe("in 1 h 35 min");
    expect(formatRemaining(NOW + 120 * 60_000, NOW)).toBe("in 2 h");
    expect(formatRemaining(NOW + 30_000, NOW)).toBe("in less than a minute");
    expect(formatRemaining(NOW + 12 * 60_000, NOW)).toBe("in 12 min");
  });
});

describe("Layout", () => {
  it("keeps the stylesheet intact (no HTML escaping inside <style>)", () => {
    const page = html(<HomePage user={demo} csrfToken="t" now={NOW} />);
    const css = page.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? "";
    expect(css).toContain('"Segoe UI"');
    expect(css).not.toContain("&quot;");
  });
});
