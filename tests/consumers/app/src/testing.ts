// The package's ./testing export, as an app's own tests use it: a test IdP and a browser.
import { ALICE, startTestIdp, TestBrowser, testApp } from "@cognito-dashboard/cognito-auth/testing";

async function main(): Promise<void> {
  const idp = await startTestIdp();
  try {
    const browser = new TestBrowser(testApp(idp));
    const login = await browser.login(idp, ALICE, "/admin");
    const admin = await browser.request("/admin");
    console.log(
      `testing: login ${login.status} ${login.headers.get("location")}, admin ${admin.status}`,
    );
  } finally {
    await idp.close();
  }
}

// No top-level await: the CommonJS build runs this too.
main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
