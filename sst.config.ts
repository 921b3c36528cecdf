/// <reference path="./.sst/platform/config.d.ts" />

// Every stage deploys to this region, whatever the shell's AWS profile says: a deploy from a shell
// that points elsewhere would otherwise create a second, empty stage (an empty prod) there. A stage
// that must live elsewhere gets its own line in STAGE_REGIONS, on purpose and in review.
const REGION = "eu-west-1";
const STAGE_REGIONS: Record<string, string> = {};

// The parts list. Each piece lives in infra/; SST forbids top-level imports here, hence the
// dynamic ones inside run().
export default $config({
  app(input) {
    const stage = input?.stage ?? "";
    const prod = stage === "prod";
    return {
      name: "cognito-dashboard",
      home: "aws",
      // The CLI refuses to run with any other version: the platform types and the infrastructure
      // test's harness are tied to this one.
      version: "4.17.1",
      removal: prod ? "retain" : "remove",
      protect: prod,
      providers: { aws: { region: STAGE_REGIONS[stage] ?? REGION } },
    };
  },
  async run() {
    // Before any resource: a region without Function URLs, or a missing or short SessionSecret,
    // stops here with one line that says what to do. (`sst dev` on prod never reaches run(): SST
    // refuses it on a protected stage.)
    const { deployProblem } = await import("./infra/preflight.ts");
    const region = STAGE_REGIONS[$app.stage] ?? REGION;
    const problem = deployProblem({ stage: $app.stage, region, env: process.env });
    if (problem) throw new $util.RunError(problem);

    const { adminsGroup, userPool } = await import("./infra/user-pool.ts");
    const { identityProviders } = await import("./infra/identity-providers.ts");
    const { sessionSecret } = await import("./infra/session-secret.ts");
    const { dashboard, handOverClient } = await import("./infra/dashboard.ts");
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
    handOverClient(fn, { client, pool });
    if ($dev) devCommands({ pool, client, secret });

    return {
      dashboardUrl: fn.url,
      hostedUiUrl: pool.domainUrl,
      userPoolId: pool.id,
      // For `npm run check-deploy`: the client the function should use, and which stage these
      // outputs (also in .sst/outputs.json, the last stage run from this checkout) describe.
      clientId: client.id,
      stage: $app.stage,
    };
  },
});
