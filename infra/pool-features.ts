/**
 * Optional user-pool features, off by default, each one line to turn on. Pure data and a pure
 * function (no SST globals), so the infrastructure test checks each toggle without a deploy;
 * infra/user-pool.ts applies them.
 */

/** Edit a line, then deploy. */
export const POOL_FEATURES: PoolFeatures = {
  // TOTP MFA (authenticator apps), offered to each user on the hosted UI. The mock IdP does not emulate it.
  totpMfa: false,
  // Threat protection (compromised credentials, adaptive authentication): "audit" or "enforced"; needs the Plus feature plan, billed per monthly active user.
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
 * Cognito's (the feature plan is set only for threat protection). Pure, so each toggle can be
 * tested without a deploy. `sesIdentity` is the SES domain identity the sender must belong to.
 * @example poolFeatureArgs({ ...POOL_FEATURES, totpMfa: true }).mfaConfiguration // "OPTIONAL"
 */
export function poolFeatureArgs(features: PoolFeatures) {
  return {
    mfaConfiguration: features.totpMfa ? "OPTIONAL" : "OFF",
    softwareTokenMfaConfiguration: features.totpMfa ? { enabled: true } : undefined,
    userPoolTier: features.threatProtection ? "PLUS" : undefined,
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
