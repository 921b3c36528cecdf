import type { PoolGroup, PoolUser } from "./user-pool.ts";

// The shapes of Cognito's answers that several operations share.

/** Cognito's UserType (ListUsers, AdminCreateUser); `wanted` limits the attributes. */
export function userType(
  user: PoolUser,
  wanted?: string[],
): Record<string, unknown> & { Attributes: unknown } {
  const names = Object.keys(user.attributes).filter((n) => !wanted || wanted.includes(n));
  return {
    Username: user.username,
    Attributes: names.map((Name) => ({ Name, Value: user.attributes[Name] })),
    UserCreateDate: seconds(user.createdAt),
    UserLastModifiedDate: seconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

/** Cognito's GroupType. */
export function groupType(group: PoolGroup, userPoolId: string): Record<string, unknown> {
  return {
    GroupName: group.name,
    UserPoolId: userPoolId,
    ...(group.description ? { Description: group.description } : {}),
    ...(group.roleArn ? { RoleArn: group.roleArn } : {}),
    ...(group.precedence === undefined ? {} : { Precedence: group.precedence }),
    CreationDate: seconds(group.createdAt),
    LastModifiedDate: seconds(group.modifiedAt),
  };
}

/** AWS JSON timestamps: seconds since the epoch, with milliseconds as the fraction. */
export function seconds(ms: number): number {
  return ms / 1000;
}
