/**
 * The dashboard: one Lambda function behind a Function URL.
 *
 * It gets the pool id and the session secret through links (encrypted into its bundle), and the
 * app client's NAME as a plain variable. The client needs the function's URL, so it is created
 * after the function; {@link handOverClient} then sets the client's id and the hosted-UI URL on
 * the function (`addEnvironment`, an update after both exist), so no name lookup is needed. The
 * client's secret is never a variable: the function asks Cognito for it (DescribeUserPoolClient)
 * on its first sign-in (packages/dashboard/src/config/cognito-discovery.ts).
 */
import { DASHBOARD_FUNCTION } from "./dashboard-function.ts";
import { CLIENT_ID_ENV, CLIENT_NAME_ENV, DASHBOARD_CLIENT_NAME, HOSTED_UI_ENV } from "./naming.ts";

/** The three read-only calls discovery makes, and nothing else. */
export const DISCOVERY_ACTIONS = [
  "cognito-idp:DescribeUserPool",
  "cognito-idp:DescribeUserPoolClient",
  "cognito-idp:ListUserPoolClients",
];

/**
 * The user-administration calls of `/admin/users` and `/api/admin/users`
 * (packages/dashboard/src/user-admin/cognito-user-admin.ts), exactly those, on this pool only.
 */
export const USER_ADMIN_ACTIONS = [
  "cognito-idp:AdminAddUserToGroup",
  "cognito-idp:AdminCreateUser",
  "cognito-idp:AdminDeleteUser",
  "cognito-idp:AdminDisableUser",
  "cognito-idp:AdminEnableUser",
  "cognito-idp:AdminGetUser",
  "cognito-idp:AdminListGroupsForUser",
  "cognito-idp:AdminRemoveUserFromGroup",
  "cognito-idp:AdminResetUserPassword",
  "cognito-idp:AdminUpdateUserAttributes",
  "cognito-idp:AdminUserGlobalSignOut",
  "cognito-idp:ListGroups",
  "cognito-idp:ListUsers",
  "cognito-idp:ListUsersInGroup",
];

/**
 * Creates the dashboard function and its URL.
 * @example const fn = dashboard({ pool, secret }); fn.url // https://abc.lambda-url.eu-west-1.on.aws/
 */
export function dashboard(input: { pool: sst.aws.CognitoUserPool; secret: sst.Secret }) {
  // Linking the pool itself would grant `cognito-idp:*` on it (SST's default for the component);
  // this link carries the same `id` but only the permissions discovery and user administration
  // need.
  const poolLink = new sst.Linkable("UserPool", {
    properties: { id: input.pool.id },
    include: [
      sst.aws.permission({ actions: DISCOVERY_ACTIONS, resources: [input.pool.arn] }),
      sst.aws.permission({ actions: USER_ADMIN_ACTIONS, resources: [input.pool.arn] }),
    ],
  });

  return new sst.aws.Function("Dashboard", {
    // Handler, runtime, architecture, memory and build options: one object the bench reads too.
    ...DASHBOARD_FUNCTION,
    // A same-origin app: the Function URL needs no CORS headers (SST's default allows any origin).
    url: { cors: false },
    link: [poolLink, input.secret],
    environment: { [CLIENT_NAME_ENV]: DASHBOARD_CLIENT_NAME },
    transform: {
      role(args) {
        // SST 4.17 always adds the account root to the role's trust policy (its check of `dev`
        // tests an Output, which is always truthy); only `sst dev` needs that, to run the
        // function locally with the role. Deployed, only Lambda may assume it.
        if (!$dev) {
          args.assumeRolePolicy = aws.iam.assumeRolePolicyForPrincipal({
            Service: "lambda.amazonaws.com",
          });
        }
      },
    },
  });
}

/**
 * Hands the function its app client's id and the hosted-UI URL once both exist. Not secrets:
 * the id is in every sign-in URL. Until the update lands (first deploy, or a replaced client) the
 * function finds its client by name.
 * @example handOverClient(fn, { client, pool })
 */
export function handOverClient(
  fn: sst.aws.Function,
  input: {
    client: ReturnType<sst.aws.CognitoUserPool["addClient"]>;
    pool: sst.aws.CognitoUserPool;
  },
) {
  return fn.addEnvironment({
    [CLIENT_ID_ENV]: input.client.id,
    [HOSTED_UI_ENV]: $output(input.pool.domainUrl).apply((url) => {
      if (!url) throw new Error("the user pool has no hosted-UI domain");
      return url;
    }),
  });
}
