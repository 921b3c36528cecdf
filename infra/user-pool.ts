/**
 * The user pool and its hosted-UI domain.
 *
 * Email is the username (case-insensitive), only admins create users, `email` and `name` are
 * required, email is verified automatically, passwords have 12 characters or more. On `prod` the
 * pool and its `admins` group are protected (a change that would replace or delete them fails the
 * deploy), retained by `sst remove`, and the pool has Cognito's deletion protection on.
 */
import { ADMINS_GROUP, hostedUiPrefix, PROD_STAGE } from "./naming.ts";
import { POOL_FEATURES, type PoolFeatures, poolFeatureArgs } from "./pool-features.ts";

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
export function userPool(
  settings: HostedUiDomainSettings = hostedUiDomainSettings(),
  features: PoolFeatures = POOL_FEATURES,
) {
  const prod = $app.stage === PROD_STAGE;
  const caller = aws.getCallerIdentityOutput({});
  const optional = poolFeatureArgs(features);

  return new sst.aws.CognitoUserPool("Users", {
    usernames: ["email"],
    domain: settings.customDomain
      ? {
          name: settings.customDomain,
          ...(settings.certificateArn ? { dns: false, cert: settings.certificateArn } : {}),
        }
      : { prefix: caller.accountId.apply((id) => hostedUiPrefix($app.name, $app.stage, id)) },
    transform: {
      userPool(args, opts) {
        args.adminCreateUserConfig = { allowAdminCreateUserOnly: true };
        args.schemas = [requiredString("email"), requiredString("name")];
        // SST's default also recovers by phone; this pool has no phone numbers.
        args.accountRecoverySetting = {
          recoveryMechanisms: [{ name: "verified_email", priority: 1 }],
        };
        // An admin console: long passwords. Cognito's four character classes stay required.
        args.passwordPolicy = {
          minimumLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireNumbers: true,
          requireSymbols: true,
          temporaryPasswordValidityDays: 7,
        };
        args.mfaConfiguration = optional.mfaConfiguration;
        args.softwareTokenMfaConfiguration = optional.softwareTokenMfaConfiguration;
        args.userPoolTier = optional.userPoolTier;
        args.userPoolAddOns = { advancedSecurityMode: optional.advancedSecurityMode };
        if (optional.sesIdentity) {
          const region = aws.getRegionOutput({}).region;
          args.emailConfiguration = {
            emailSendingAccount: "DEVELOPER",
            fromEmailAddress: features.sesSender,
            sourceArn: $interpolate`arn:aws:ses:${region}:${caller.accountId}:identity/${optional.sesIdentity}`,
          };
        }
        args.deletionProtection = prod ? "ACTIVE" : "INACTIVE";
        // `removal: "retain"` only covers SST's list of stateful types, which has no user pool;
        // `protect` makes a change that would replace the pool (and its users) fail instead.
        if (prod) Object.assign(opts, { protect: true, retainOnDelete: true });
      },
    },
  });
}

/**
 * The group whose members may open the dashboard's admin page. Deleting it would drop every
 * membership, so on prod it is protected and retained like the pool.
 * @example adminsGroup(pool) // then: npm run create-user -- --admin you@example.com "You"
 */
export function adminsGroup(pool: sst.aws.CognitoUserPool) {
  const prod = $app.stage === PROD_STAGE;
  return new aws.cognito.UserGroup(
    "AdminsGroup",
    {
      userPoolId: pool.id,
      name: ADMINS_GROUP,
      description: "May open the dashboard's admin page",
    },
    prod ? { protect: true, retainOnDelete: true } : {},
  );
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
