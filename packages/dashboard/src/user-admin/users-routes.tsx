/**
 * `/admin/users`: the pages of user administration, for the admins group only.
 *
 *   GET  /admin/users                     the table (search `?email=`, pages `?page=`)
 *   GET  /admin/users/invite              the invitation form
 *   POST /admin/users/invite              invite, then the new user's page
 *   GET  /admin/users/<username>          one user and the steps offered
 *   GET  /admin/users/<username>/<step>   the confirmation of a step that takes access away
 *   POST /admin/users/<username>/<step>   the step, then a redirect saying what happened
 *
 * Every POST carries the session's CSRF token. After a step the browser is redirected (303) with
 * the step's id in `?done=`; the page builds its sentence from the id and live data.
 */
import { requireGroup } from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP } from "@cognito-dashboard/local-dev";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { handleError, handleNotFound, renderError } from "../error-handler.tsx";
import { ConfirmActionPage } from "../pages/confirm-action-page.tsx";
import { HOME_ACTION } from "../pages/error-page.tsx";
import { InvitePage } from "../pages/invite-page.tsx";
import { htmlDocument, USERS_PATH } from "../pages/layout.tsx";
import { doneMessage } from "../pages/user-admin-words.ts";
import { UserPage } from "../pages/user-page.tsx";
import { UsersPage } from "../pages/users-page.tsx";
import { loadUserAdmin } from "./admin-loader.ts";
import type { UserAdminSettings } from "./cognito-user-admin.ts";
import { CSRF_FIELD, csrfMatches } from "./csrf-token.ts";
import { refusalTitle } from "./refusal-words.ts";
import {
  actionFromSlug,
  allowedActions,
  CONFIRMED_ACTIONS,
  confirmStillAdmin,
  forbiddenOnOneself,
  inviteUser,
  isSelf,
  runUserAction,
  targetForAdmin,
} from "./user-actions.ts";
import {
  actorOf,
  forwardedSession,
  type UserAdminApp,
  type UserAdminEnv,
} from "./user-admin-env.ts";
import { UserAdminError } from "./user-admin-error.ts";
import { checkEmailPrefix, checkPageToken, checkUsername } from "./user-input.ts";

/** Rows per page of the table (ListUsers allows up to 60). */
const PAGE_SIZE = 25;
/** A form here is three short fields. */
const MAX_FORM_BYTES = 16 * 1024;

/**
 * The user-administration pages under `/admin/users`, as a sub-app that mount-user-admin.ts loads
 * on first use and hands each request with the session's variables.
 * @example await usersRoutes(settings).fetch(c.req.raw, { auth })
 */
export function usersRoutes(settings: UserAdminSettings): UserAdminApp {
  const routes = new Hono<UserAdminEnv>().basePath(USERS_PATH);
  routes.use(forwardedSession);
  // The outer app checked the group already; this sub-app stands on its own anyway.
  routes.use(requireGroup(ADMINS_GROUP));
  routes.use(
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) =>
        renderError(c, {
          status: 413,
          title: "Request too large",
          message: "This form was larger than this page accepts.",
          action: { href: USERS_PATH, label: "Back to users" },
        }),
    }),
  );

  routes.get("/", async (c) => {
    const me = c.get("auth").user;
    try {
      const search = checkEmailPrefix(c.req.query("email"));
      const page = checkPageToken(c.req.query("page"));
      const admin = await loadUserAdmin(settings);
      const [, listed] = await Promise.all([
        confirmStillAdmin(admin, actorOf(c)),
        admin.listUsers({ emailPrefix: search, page, limit: PAGE_SIZE }),
      ]);
      const done = c.req.query("done");
      return c.html(
        htmlDocument(
          <UsersPage
            user={me}
            csrfToken={c.get("auth").csrfToken}
            userPoolId={admin.userPoolId}
            users={listed.users}
            search={search}
            laterPage={page !== undefined}
            nextPage={listed.nextPage}
            flash={done === "delete" ? doneMessage(done, "") : undefined}
          />,
        ),
      );
    } catch (error) {
      return refuse(c, error, { href: USERS_PATH, label: "Show everyone" });
    }
  });

  routes.get("/invite", (c) =>
    c.html(
      htmlDocument(<InvitePage user={c.get("auth").user} csrfToken={c.get("auth").csrfToken} />),
    ),
  );

  routes.post("/invite", async (c) => {
    const form = await formOf(c);
    if (!csrfMatches(form[CSRF_FIELD], c.get("auth").csrfToken)) return csrfRefusal(c);
    const admin = await loadUserAdmin(settings);
    try {
      const user = await inviteUser(admin, actorOf(c), { email: form.email, name: form.name });
      return c.redirect(`${userPath(user.username)}?done=invited`, 303);
    } catch (error) {
      if (!(error instanceof UserAdminError) || error.code === "not_admin_anymore") {
        return refuse(c, error, HOME_ACTION);
      }
      const page = (
        <InvitePage
          user={c.get("auth").user}
          csrfToken={c.get("auth").csrfToken}
          email={form.email}
          name={form.name}
          error={error.message}
        />
      );
      return c.html(htmlDocument(page), error.status as ContentfulStatusCode);
    }
  });

  routes.get("/:username", async (c) => {
    try {
      const username = checkUsername(c.req.param("username"));
      const actor = actorOf(c);
      const admin = await loadUserAdmin(settings);
      const target = await targetForAdmin(admin, actor, username);
      const page = (
        <UserPage
          user={c.get("auth").user}
          csrfToken={c.get("auth").csrfToken}
          target={target}
          actions={allowedActions(actor, target)}
          self={isSelf(actor, target)}
          flash={doneMessage(c.req.query("done"), target.email || target.username)}
        />
      );
      return c.html(htmlDocument(page));
    } catch (error) {
      return refuse(c, error, { href: USERS_PATH, label: "Back to users" });
    }
  });

  routes.get("/:username/:step", async (c) => {
    const action = actionFromSlug(c.req.param("step"));
    if (!action) return c.notFound();
    const back = backTo(c.req.param("username"));
    if (!CONFIRMED_ACTIONS.has(action)) return c.redirect(back.href, 303);
    try {
      const username = checkUsername(c.req.param("username"));
      const actor = actorOf(c);
      const admin = await loadUserAdmin(settings);
      const target = await targetForAdmin(admin, actor, username);
      if (!allowedActions(actor, target).includes(action)) {
        throw forbiddenOnOneself(action) && isSelf(actor, target)
          ? new UserAdminError(
              "self_action",
              "You cannot disable, delete or remove admin rights from your own account: ask another admin.",
              403,
            )
          : new UserAdminError(
              "user_state",
              action === "delete"
                ? "Only a disabled user can be deleted: disable them first."
                : "This step does not apply to this user as they are now.",
              409,
            );
      }
      const page = (
        <ConfirmActionPage
          user={c.get("auth").user}
          csrfToken={c.get("auth").csrfToken}
          target={target}
          action={action}
        />
      );
      return c.html(htmlDocument(page));
    } catch (error) {
      return refuse(c, error, back);
    }
  });

  routes.post("/:username/:step", async (c) => {
    const action = actionFromSlug(c.req.param("step"));
    if (!action) return c.notFound();
    const form = await formOf(c);
    if (!csrfMatches(form[CSRF_FIELD], c.get("auth").csrfToken)) return csrfRefusal(c);
    const back = backTo(c.req.param("username"));
    try {
      const admin = await loadUserAdmin(settings);
      const after = await runUserAction(admin, actorOf(c), action, c.req.param("username"));
      const to = after ? `${userPath(after.username)}?done=${action}` : `${USERS_PATH}?done=delete`;
      return c.redirect(to, 303);
    } catch (error) {
      return refuse(c, error, back);
    }
  });

  routes.notFound(handleNotFound);
  routes.onError(handleError);
  return routes;
}

function userPath(username: string): string {
  return `${USERS_PATH}/${encodeURIComponent(username)}`;
}

function backTo(username: string): { href: string; label: string } {
  try {
    return { href: userPath(checkUsername(username)), label: "Back to the user" };
  } catch {
    return { href: USERS_PATH, label: "Back to users" };
  }
}

/** The urlencoded (or multipart) fields as strings; anything else gives no fields. */
async function formOf(c: Context): Promise<Record<string, string | undefined>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return {};
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    return {};
  }
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    // A repeated field arrives as an array: refuse the ambiguity rather than pick one.
    fields[name] = typeof value === "string" ? value : undefined;
  }
  return fields;
}

function csrfRefusal(c: Context) {
  return renderError(c, {
    status: 403,
    title: refusalTitle("csrf_mismatch"),
    message:
      "This form was not sent by this dashboard's page (its security token is missing or out of date). Open the page again and retry.",
    action: { href: USERS_PATH, label: "Back to users" },
  });
}

function refuse(c: Context, error: unknown, back: { href: string; label: string }) {
  if (!(error instanceof UserAdminError)) throw error;
  const action =
    error.code === "not_admin_anymore"
      ? HOME_ACTION
      : error.code === "user_not_found"
        ? { href: USERS_PATH, label: "Back to users" }
        : back;
  return renderError(c, {
    status: error.status,
    title: refusalTitle(error.code),
    message: error.message,
    action,
  });
}
