/**
 * axe-core in the browser tests: the page as Chromium shows it, checked against WCAG 2.x A and AA
 * (and axe's best practices), failing on any serious or critical violation.
 *
 * The pages' Content-Security-Policy is `default-src 'none'`, so axe cannot come in as a
 * `<script>`: its source is evaluated through the DevTools protocol (page.evaluate), which the
 * page's policy does not govern, the way the axe browser extension does it.
 */
import axe from "axe-core";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The impacts that fail a test. */
const FAILING = new Set(["serious", "critical"]);

interface Finding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Runs axe on the page as it is now and fails on serious or critical violations, listing each
 * rule with the elements it flagged.
 * @example await expectAccessible(page, "users at 390 px");
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.evaluate(axe.source);
  const findings = await page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => String(n.target.join(" "))),
    }));
  });
  const failing = findings.filter((f: Finding) => FAILING.has(String(f.impact)));
  expect(
    failing.map((f: Finding) => `${f.impact} ${f.id}: ${f.help} (${f.targets.join(", ")})`),
    `axe on ${label} (${page.url().replace(/\?.*$/, "")})`,
  ).toEqual([]);
}
