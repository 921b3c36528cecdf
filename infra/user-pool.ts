/**
 * The user pool and its hosted-UI domain.
 *
 * Email is the username (case-insensitive), only admins create users, `email` and `name` are
 * required, email is verified automatically. On `prod` the pool is protected from deletion (by
 * Cognito and by `sst remove`, which leaves it in place).
 */
import { ADMINS_GROUP, hostedUiPrefix } from "./naming.ts";

/** Deploy-time settings read from the environment (`.env` works: SST loads it). */
export interface HostedUiDomainSettings {
  /** `DASHBOARD_AUTH_DOMAIN`: a custom hosted-UI domain such as `auth.example.com`. */
  customDomain?: string;
  /** `DASHBOARD_AUTH_DOMAIN_CERT`: an ACM certificate ARN in us-east-1 for it; without one, SST
   * creates and validates a certificate in the domain's Route 53 hosted zone. */
  certificateArn?: string;
}

/**
 * The hosted-UI domain settings for this deploy, from the environment.
 * @example hostedUiDomainSettings({ DASHBOARD_AUTH_DOMAIN: "auth.example.com" })
 */
export function hostedUiDomainSettings(
  env: Record<string, string | undefined> = process.env,
): HostedUiDomainSettings {
  const customDomain = env.DASHBOARD_AUTH_DOMAIN?.trim() || undefined;
  const certificateArn = env.DASHBOARD_AUTH_DOMAIN_CERT?.trim() || undefined;
  if (certificateArn && !customDomain) {
    throw new Error("DASHBOARD_AUTH_DOMAIN_CERT is set but DASHBOARD_AUTH_DOMAIN is not");
  }
  return { customDomain, certificateArn };
}

/**
 * Creates the stage's user pool with its hosted-UI domain.
 * @example const pool = userPool(); pool.domainUrl // https://dashboard-dev-1a2b3c4d.auth.eu-west-1.amazoncognito.com
 */
export function userPool(settings: HostedUiDomainSettings = hostedUiDomainSettings()) {
  const protect = $app.stage === "prod";
  const accountId = aws.getCallerIdentityOutput({}).accountId;

  return new sst.aws.CognitoUserPool("Users", {
    usernames: ["email"],
    domain: settings.customDomain
      ? {
          name: settings.customDomain,
          ...(settings.certificateArn ? { dns: false, cert: settings.certificateArn } : {}),
        }
      : { prefix: accountId.apply((id) => hostedUiPrefix($app.name, $app.stage, id)) },
    transform: {
      userPool(args, opts) {
        args.adminCreateUserConfig = { allowAdminCreateUserOnly: true };
        args.schemas = [requiredString("email"), requiredString("name")];
        // SST's default also recovers by phone; this pool has no phone numbers.
        args.accountRecoverySetting = {
          recoveryMechanisms: [{ name: "verified_email", priority: 1 }],
        };
        args.deletionProtection = protect ? "ACTIVE" : "INACTIVE";
        // `removal: "retain"` only covers SST's list of stateful types, which has no user pool.
        if (protect) opts.retainOnDelete = true;
      },
    },
  });
}

/**
 * The group whose members may open the dashboard's admin page.
 * @example adminsGroup(pool) // then: npm run create-user -- --admin you@example.com "You"
 */
export function adminsGroup(pool: sst.aws.CognitoUserPool) {
  return new aws.cognito.UserGroup("AdminsGroup", {
    userPoolId: pool.id,
    name: ADMINS_GROUP,
    description: "May open the dashboard's admin page",
  });
}

function requiredString(name: string) {
  return {
    name,
    attributeDataType: "String",
    required: true,
    mutable: true,
    // Cognito reports these defaults back; leaving them out makes every deploy show a diff.
    stringAttributeConstraints: { minLength: "0", maxLength: "2048" },
  };
}
