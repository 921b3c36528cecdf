/// <reference path="./.sst/platform/config.d.ts" />

// The parts list. Each piece lives in infra/; SST forbids top-level imports here, hence the
// dynamic ones inside run().
export default $config({
  app(input) {
    const prod = input?.stage === "prod";
    return {
      name: "cognito-dashboard",
      home: "aws",
      // The CLI refuses to run with any other version: the platform types and the infrastructure
      // test's harness are tied to this one.
      version: "4.17.1",
      removal: prod ? "retain" : "remove",
      protect: prod,
    };
  },
  async run() {
    const { adminsGroup, userPool } = await import("./infra/user-pool.ts");
    const { identityProviders } = await import("./infra/identity-providers.ts");
    const { sessionSecret } = await import("./infra/session-secret.ts");
    const { dashboard } = await import("./infra/dashboard.ts");
    const { dashboardClient } = await import("./infra/app-client.ts");
    const { devCommands } = await import("./infra/dev.ts");

    const pool = userPool();
    adminsGroup(pool);
    const secret = sessionSecret();
    const fn = dashboard({ pool, secret });
    const client = dashboardClient({
      pool,
      dashboardUrl: fn.url,
      federatedProviders: identityProviders(pool),
    });
    if ($dev) devCommands({ pool, client, secret });

    return {
      dashboardUrl: fn.url,
      hostedUiUrl: pool.domainUrl,
      userPoolId: pool.id,
    };
  },
});
