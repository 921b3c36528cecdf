import { APP_CLIENT_NAME } from "@cognito-dashboard/local-dev";
import {
  type Input,
  integer,
  optionalString,
  optionalStringList,
  page,
  requiredString,
  validation,
} from "./api-input.ts";
import { seconds, userType } from "./api-output.ts";
import { poolOf, userOf } from "./api-target.ts";
import { ATTRIBUTE_OPERATIONS, attributeList } from "./attribute-operations.ts";
import { CognitoError, invalidParameter } from "./cognito-error.ts";
import { GROUP_OPERATIONS } from "./group-operations.ts";
import type { Operation } from "./operation-types.ts";
import type { ResolvedOptions } from "./options.ts";
import { PASSWORD_POLICY } from "./password-policy.ts";
import { userFilter } from "./user-filter.ts";
import { REQUIRED_ATTRIBUTES, type UserPool } from "./user-pool.ts";

export type { Input } from "./api-input.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The operations of Cognito's user-pool API that the mock answers, by `X-Amz-Target` name. Each
 * takes the request's JSON and answers the JSON Cognito answers, or throws a {@link CognitoError}.
 */
export const OPERATIONS: Record<string, Operation> = {
  DescribeUserPool(input, { pool }) {
    poolOf(input, pool);
    return { UserPool: describePool(pool) };
  },

  ListUserPoolClients(input, { pool, config }) {
    poolOf(input, pool);
    const limit = integer(input, "MaxResults", 1, 60) ?? 60;
    const clients = [
      { ClientId: config.clientId, ClientName: APP_CLIENT_NAME, UserPoolId: pool.userPoolId },
    ];
    const { items, next } = page(clients, limit, optionalString(input, "NextToken"));
    return { UserPoolClients: items, ...(next ? { NextToken: next } : {}) };
  },

  DescribeUserPoolClient(input, { pool, config }) {
    poolOf(input, pool);
    const clientId = requiredString(input, "ClientId");
    if (clientId !== config.clientId) {
      throw new CognitoError(
        "ResourceNotFoundException",
        `User pool client ${clientId} does not exist.`,
      );
    }
    return { UserPoolClient: describeClient(pool, config) };
  },

  AdminCreateUser(input, { pool }) {
    poolOf(input, pool);
    const username = requiredString(input, "Username");
    const action = optionalString(input, "MessageAction");
    if (action !== undefined && action !== "RESEND" && action !== "SUPPRESS") {
      throw validation(
        action,
        "messageAction",
        "Member must satisfy enum value set: [RESEND, SUPPRESS]",
      );
    }
    const mediums = deliveryMediums(input);
    const temporary = optionalString(input, "TemporaryPassword");
    if (action === "RESEND") {
      const user = pool.get(username);
      pool.resendInvitation(user, mediums, temporary);
      return { User: userType(user) };
    }
    if (!EMAIL.test(username)) throw invalidParameter("Username should be an email.");
    const attributes = attributeList(input, "UserAttributes", pool);
    if (
      attributes.email !== undefined &&
      attributes.email.toLowerCase() !== username.toLowerCase()
    ) {
      throw invalidParameter("Email attribute must match the username.");
    }
    const missing = REQUIRED_ATTRIBUTES.filter((a) => a !== "email" && !attributes[a]);
    if (missing.length) {
      throw invalidParameter(
        `Attributes did not conform to the schema: ${missing.map((a) => `${a}: The attribute ${a} is required`).join(", ")}`,
      );
    }
    const user = pool.create({
      email: username,
      attributes: { ...attributes, email: username },
      temporaryPassword: temporary,
      suppress: action === "SUPPRESS",
      mediums,
    });
    return { User: userType(user) };
  },

  AdminGetUser(input, { pool }) {
    const user = userOf(input, pool);
    const { Attributes, ...rest } = userType(user);
    return { ...rest, UserAttributes: Attributes };
  },

  ListUsers(input, { pool }) {
    poolOf(input, pool);
    const limit = integer(input, "Limit", 0, 60) || 60;
    const filter = userFilter(optionalString(input, "Filter"));
    const wanted = optionalStringList(input, "AttributesToGet");
    const users = pool.users().filter(filter);
    const { items, next } = page(users, limit, optionalString(input, "PaginationToken"));
    return {
      Users: items.map((u) => userType(u, wanted)),
      ...(next ? { PaginationToken: next } : {}),
    };
  },

  async AdminDisableUser(input, { pool }) {
    await pool.setEnabled(userOf(input, pool), false);
    return {};
  },

  async AdminEnableUser(input, { pool }) {
    await pool.setEnabled(userOf(input, pool), true);
    return {};
  },

  async AdminDeleteUser(input, { pool }) {
    await pool.delete(userOf(input, pool));
    return {};
  },

  async AdminUserGlobalSignOut(input, { pool }) {
    await pool.signOutEverywhere(userOf(input, pool));
    return {};
  },

  AdminSetUserPassword(input, { pool }) {
    const user = userOf(input, pool);
    const password = requiredString(input, "Password");
    const permanent = input.Permanent ?? false;
    if (typeof permanent !== "boolean")
      throw validation(permanent, "permanent", "Member must be a boolean");
    pool.setPassword(user, password, permanent);
    return {};
  },

  AdminResetUserPassword(input, { pool }) {
    pool.resetPassword(userOf(input, pool));
    return {};
  },

  ...ATTRIBUTE_OPERATIONS,
  ...GROUP_OPERATIONS,
};

function describePool(pool: UserPool): Record<string, unknown> {
  const region = pool.userPoolId.split("_")[0] as string;
  const created = seconds(Math.min(...pool.users().map((u) => u.createdAt), Date.now()));
  return {
    Id: pool.userPoolId,
    Name: "mock-idp",
    Arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${pool.userPoolId}`,
    // A prefix domain; the mock's hosted UI itself is at its own URL (it has no DNS name).
    Domain: "mock-idp-local",
    Policies: { PasswordPolicy: { ...PASSWORD_POLICY } },
    DeletionProtection: "INACTIVE",
    UsernameAttributes: ["email"],
    AutoVerifiedAttributes: ["email"],
    UsernameConfiguration: { CaseSensitive: false },
    MfaConfiguration: "OFF",
    EstimatedNumberOfUsers: pool.users().length,
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    AccountRecoverySetting: {
      RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }],
    },
    SchemaAttributes: [
      ...REQUIRED_ATTRIBUTES.map((name) => ({
        Name: name,
        AttributeDataType: "String",
        Mutable: true,
        Required: true,
        StringAttributeConstraints: { MinLength: "0", MaxLength: "2048" },
      })),
      ...pool.customAttributes().map((name) => ({
        Name: name,
        AttributeDataType: "String",
        Mutable: true,
        Required: false,
      })),
    ],
    CreationDate: created,
    LastModifiedDate: created,
  };
}

function describeClient(pool: UserPool, config: ResolvedOptions): Record<string, unknown> {
  return {
    UserPoolId: pool.userPoolId,
    ClientName: APP_CLIENT_NAME,
    ClientId: config.clientId,
    ClientSecret: config.clientSecret,
    CreationDate: seconds(Date.now()),
    LastModifiedDate: seconds(Date.now()),
    IdTokenValidity: config.idTokenTtl,
    AccessTokenValidity: config.accessTokenTtl,
    RefreshTokenValidity: config.refreshTokenTtl,
    TokenValidityUnits: { IdToken: "seconds", AccessToken: "seconds", RefreshToken: "seconds" },
    SupportedIdentityProviders: [
      "COGNITO",
      ...(config.federation ? [config.federation.providerName] : []),
    ],
    CallbackURLs: config.callbackUrls,
    LogoutURLs: config.logoutUrls,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: config.scopes,
    AllowedOAuthFlowsUserPoolClient: true,
    ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
    PreventUserExistenceErrors: "ENABLED",
    EnableTokenRevocation: true,
    RefreshTokenRotation: {
      Feature: config.refreshTokenRotation.enabled ? "ENABLED" : "DISABLED",
      RetryGracePeriodSeconds: config.refreshTokenRotation.retryGracePeriodSeconds,
    },
    AuthSessionValidity: 3,
  };
}

function deliveryMediums(input: Input): ("EMAIL" | "SMS")[] | undefined {
  const mediums = optionalStringList(input, "DesiredDeliveryMediums");
  for (const medium of mediums ?? []) {
    if (medium !== "EMAIL" && medium !== "SMS") {
      throw validation(
        medium,
        "desiredDeliveryMediums",
        "Member must satisfy enum value set: [SMS, EMAIL]",
      );
    }
  }
  return mediums as ("EMAIL" | "SMS")[] | undefined;
}
