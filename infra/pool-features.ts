/**
 * Optional user-pool features, off by default, each one line to turn on. Pure data and a pure
 * function (no SST globals), so the infrastructure test checks each toggle without a deploy;
 * infra/user-pool.ts applies them.
 */

/** Edit a line, then deploy. */
export const POOL_FEATURES: PoolFeatures = {
  // TOTP MFA (authenticator apps), offered to each user on the hosted UI. The mock IdP does not emulate it.
  totpMfa: false,
  // Threat protection (compromised credentials, adaptive authentication): "audit" or "enforced"; moves the pool to the Plus feature plan, billed per monthly active user with no free tier (docs/deploy.md).
  threatProtection: undefined,
  // Invitation mail through SES instead of Cognito's sender (about 50 mails a day): an address on a domain verified in SES in this account and region, e.g. "Dashboard <no-reply@example.com>".
  sesSender: undefined,
};

export interface PoolFeatures {
  totpMfa: boolean;
  threatProtection: "audit" | "enforced" | undefined;
  sesSender: string | undefined;
}

/**
 * The `aws.cognito.UserPool` arguments the optional features set; the rest stays SST's and
 * Cognito's. Pure, so each toggle can be tested without a deploy. `sesIdentity` is the SES domain
 * identity the sender must belong to.
 *
 * The feature plan is always set: left out, CreateUserPool picks Essentials, and an update that
 * leaves it out keeps whatever the pool has, so turning threat protection off would leave the pool
 * on Plus. Lite has everything this stack uses (the classic hosted UI, groups, the admin API,
 * token revocation); Plus is what threat protection needs. Prices in docs/deploy.md.
 * @example poolFeatureArgs({ ...POOL_FEATURES, totpMfa: true }).mfaConfiguration // "OPTIONAL"
 */
export function poolFeatureArgs(features: PoolFeatures) {
  return {
    mfaConfiguration: features.totpMfa ? "OPTIONAL" : "OFF",
    softwareTokenMfaConfiguration: features.totpMfa ? { enabled: true } : undefined,
    userPoolTier: features.threatProtection ? ("PLUS" as const) : ("LITE" as const),
    advancedSecurityMode: (features.threatProtection ?? "off").toUpperCase(),
    sesIdentity: features.sesSender ? senderDomain(features.sesSender) : undefined,
  };
}

/** `Dashboard <no-reply@example.com>` -> `example.com`. */
function senderDomain(sender: string): string {
  const domain = /@([^>\s@]+)>?\s*$/.exec(sender)?.[1];
  if (!domain) throw new Error(`POOL_FEATURES.sesSender is not an email address: ${sender}`);
  return domain;
}
