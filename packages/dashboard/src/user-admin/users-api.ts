/**
 * `/api/admin/users`: the same operations as the pages, as JSON for scripts (admins group only).
 *
 *   GET    /api/admin/users?q=&status=&sort=&dir=&page=&limit=<1-60>   { users, total, page, pages, counts, complete }
 *   POST   /api/admin/users  {"email","name","groups"?}               201 { user }
 *   GET    /api/admin/users/<username>                                { user, actions, poolGroups }
 *   POST   /api/admin/users/<username>/<step>                         { user }
 *   DELETE /api/admin/users/<username>                                { deleted: true, username }
 *
 * `<step>` is resend-invitation, make-admin, remove-admin, disable, enable, reset-password,
 * groups (`{"groups": [...]}`: the complete list) or name (`{"name": "…"}`).
 * Every POST and DELETE carries the session's CSRF token in `X-CSRF-Token` (it is in
 * `GET /api/me`). Errors are `{ "error": "<code>", "message": "<sentence>" }` with the statuses of
 * user-admin-error.ts; no session gives the middleware's 401, no admins group its 403.
 */
import { requireGroup } from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { handleError, handleNotFound } from "../error-handler.tsx";
import { statusInWords } from "../pages/user-status.ts";
import { loadUserAdmin } from "./admin-loader.ts";
import type { PoolUser, UserAdminSettings } from "./cognito-user-admin.ts";
import { CSRF_HEADER, csrfMatches } from "./csrf-token.ts";
import {
  ACTION_SLUGS,
  actionFromSlug,
  allowedActions,
  confirmStillAdmin,
  EDITING_ACTIONS,
  inviteUser,
  runUserAction,
  targetForAdmin,
} from "./user-actions.ts";
import {
  actorOf,
  forwardedSession,
  USERS_API_PATH,
  type UserAdminApp,
  type UserAdminEnv,
} from "./user-admin-env.ts";
import { UserAdminError } from "./user-admin-error.ts";
import { checkUsername } from "./user-input.ts";
import { applyListing, checkListingQuery } from "./user-listing.ts";

const MAX_BODY_BYTES = 16 * 1024;

/**
 * The JSON routes under `/api/admin/users`, as a sub-app that mount-user-admin.ts loads on first
 * use and hands each request with the session's variables.
 * @example await usersApi(settings).fetch(c.req.raw, { auth })
 */
export function usersApi(settings: UserAdminSettings): UserAdminApp {
  const api = new Hono<UserAdminEnv>().basePath(USERS_API_PATH);
  api.use(forwardedSession);
  // The outer app checked the group already; this sub-app stands on its own anyway.
  api.use(requireGroup(ADMINS_GROUP));
  api.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json({ error: "body_too_large", message: "The body is larger than 16 KB." }, 413),
    }),
  );
  api.use(async function csrfHeader(c, next) {
    if (c.req.method === "POST" || c.req.method === "DELETE") {
      if (!csrfMatches(c.req.header(CSRF_HEADER), c.get("auth").csrfToken)) {
        return c.json(
          {
            error: "csrf_mismatch",
            message: `Send the session's CSRF token (csrfToken in GET /api/me) in the ${CSRF_HEADER} header.`,
          },
          403,
        );
      }
    }
    return next();
  });

  api.get("/", (c) =>
    answer(c, async () => {
      const { limit: rawLimit, ...rest } = c.req.query();
      const query = checkListingQuery(rest);
      const limit = Number(rawLimit ?? 60);
      if (!Number.isInteger(limit) || limit < 1 || limit > 60) {
        throw new UserAdminError(
          "invalid_parameter",
          "limit must be a whole number, 1 to 60.",
          400,
        );
      }
      const admin = await loadUserAdmin(settings);
      const [, listed] = await Promise.all([
        confirmStillAdmin(admin, actorOf(c)),
        admin.listAllUsers(),
      ]);
      const listing = applyListing(listed.users, query, limit);
      return c.json({
        users: listing.users.map(userJson),
        total: listing.total,
        page: listing.page,
        pages: listing.pages,
        counts: listing.counts,
        complete: listed.complete,
      });
    }),
  );

  api.post("/", (c) =>
    answer(c, async () => {
      const body = await jsonBody(c);
      const admin = await loadUserAdmin(settings);
      const { user, groupsNotAdded } = await inviteUser(admin, actorOf(c), {
        email: body.email,
        name: body.name,
        groups: body.groups,
      });
      return c.json({ user: userJson(user), groupsNotAdded }, 201);
    }),
  );

  api.get("/:username", (c) =>
    answer(c, async () => {
      const username = checkUsername(c.req.param("username"));
      const actor = actorOf(c);
      const admin = await loadUserAdmin(settings);
      const [user, groups] = await Promise.all([
        targetForAdmin(admin, actor, username),
        admin.listGroups(),
      ]);
      const actions = allowedActions(actor, user).map((a) => ACTION_SLUGS[a]);
      const poolGroups = groups.map((g) => g.name);
      return c.json({ user: userJson(user), actions, poolGroups });
    }),
  );

  api.post("/:username/:step", (c) =>
    answer(c, async () => {
      const action = actionFromSlug(c.req.param("step"));
      if (!action || action === "delete") {
        return c.json(
          {
            error: "not_found",
            message: `Steps are ${Object.values(ACTION_SLUGS)
              .filter((s) => s !== "delete")
              .join(", ")}; delete with DELETE /api/admin/users/<username>.`,
          },
          404,
        );
      }
      const input = EDITING_ACTIONS.has(action) ? await jsonBody(c) : {};
      const admin = await loadUserAdmin(settings);
      const user = await runUserAction(admin, actorOf(c), action, c.req.param("username"), input);
      return c.json({ user: user ? userJson(user) : null });
    }),
  );

  api.delete("/:username", (c) =>
    answer(c, async () => {
      const admin = await loadUserAdmin(settings);
      const username = c.req.param("username");
      await runUserAction(admin, actorOf(c), "delete", username);
      return c.json({ deleted: true, username });
    }),
  );

  api.notFound(handleNotFound);
  api.onError(handleError);
  return api;
}

/** A user as the API shows them. */
export function userJson(user: PoolUser) {
  return {
    username: user.username,
    sub: user.sub,
    email: user.email,
    name: user.name,
    status: user.status,
    statusText: statusInWords(user.status),
    enabled: user.enabled,
    groups: user.groups,
    createdAt: user.createdAt?.toISOString() ?? null,
  };
}

async function answer(c: Context, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof UserAdminError)) throw error;
    return c.json(
      { error: error.code, message: error.message },
      error.status as ContentfulStatusCode,
    );
  }
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(c.req.header("content-type") ?? "")) {
    throw new UserAdminError(
      "invalid_parameter",
      "Send a JSON body with Content-Type: application/json.",
      400,
    );
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new UserAdminError("invalid_parameter", "The body is not valid JSON.", 400);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new UserAdminError("invalid_parameter", "Send a JSON object.", 400);
  }
  return body as Record<string, unknown>;
}
