/**
 * `/admin/users`: the pages of user administration, for the admins group only.
 *
 *   GET  /admin/users                     the table (`?q=&status=&sort=&dir=&page=`)
 *   GET  /admin/users/invite              the invitation form
 *   POST /admin/users/invite              invite, then the new user's page
 *   GET  /admin/users/<username>          one user and the steps offered
 *   GET  /admin/users/<username>/<step>   the confirmation of a step that takes access away
 *   POST /admin/users/<username>/<step>   the step, then a redirect saying what happened
 *
 * Every POST carries the session's CSRF token; a field sent twice is refused (400). After a step
 * the browser is redirected (303) with the step's id in a short-lived cookie (done-flash.ts); the
 * page builds its sentence from the id and live data.
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
import { MAX_LISTED_USERS, type UserAdminSettings } from "./cognito-user-admin.ts";
import { CSRF_FIELD, csrfMatches } from "./csrf-token.ts";
import { setDoneFlash, takeDoneFlash } from "./done-flash.ts";
import { refusalTitle } from "./refusal-words.ts";
import {
  actionFromSlug,
  allowedActions,
  assertAllowed,
  CONFIRMED_ACTIONS,
  confirmStillAdmin,
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
import { checkUsername } from "./user-input.ts";
import { applyListing, checkListingQuery } from "./user-listing.ts";

/** Rows per page of the table. */
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
          action: { href: USERS_PATH, label: "Back to people" },
        }),
    }),
  );

  routes.get("/", async (c) => {
    const me = c.get("auth").user;
    try {
      const query = checkListingQuery(c.req.query());
      const admin = await loadUserAdmin(settings);
      const [, listed] = await Promise.all([
        confirmStillAdmin(admin, actorOf(c)),
        admin.listAllUsers(),
      ]);
      const done = takeDoneFlash(c);
      return c.html(
        htmlDocument(
          <UsersPage
            user={me}
            csrfToken={c.get("auth").csrfToken}
            listing={applyListing(listed.users, query, PAGE_SIZE)}
            query={query}
            complete={listed.complete}
            maxListed={MAX_LISTED_USERS}
            flash={done?.step === "delete" ? doneMessage("delete", undefined) : undefined}
          />,
        ),
      );
    } catch (error) {
      return refuse(c, error, { href: USERS_PATH, label: "Show everyone" });
    }
  });

  routes.get("/invite", async (c) => {
    try {
      const admin = await loadUserAdmin(settings);
      const [, groups] = await Promise.all([
        confirmStillAdmin(admin, actorOf(c)),
        admin.listGroups(),
      ]);
      return c.html(
        htmlDocument(
          <InvitePage
            user={c.get("auth").user}
            csrfToken={c.get("auth").csrfToken}
            groups={groups}
          />,
        ),
      );
    } catch (error) {
      return refuse(c, error, { href: USERS_PATH, label: "Back to people" });
    }
  });

  routes.post("/invite", async (c) => {
    const form = await formOf(c);
    if (form instanceof Response) return form;
    if (!csrfMatches(form[CSRF_FIELD], c.get("auth").csrfToken)) return csrfRefusal(c);
    const admin = await loadUserAdmin(settings);
    const groups = form.groups ?? [];
    try {
      const { user, groupsNotAdded } = await inviteUser(admin, actorOf(c), {
        email: form.email,
        name: form.name,
        groups,
      });
      setDoneFlash(
        c,
        groupsNotAdded.length > 0 ? "invited_without_groups" : "invited",
        user.username,
      );
      return c.redirect(userPath(user.username), 303);
    } catch (error) {
      if (!(error instanceof UserAdminError) || error.code === "not_admin_anymore") {
        return refuse(c, error, HOME_ACTION);
      }
      // The form comes back as typed; the groups offered again if Cognito answers.
      const offered = await admin.listGroups().catch(() => []);
      const page = (
        <InvitePage
          user={c.get("auth").user}
          csrfToken={c.get("auth").csrfToken}
          groups={offered}
          email={oneOf(form.email)}
          name={oneOf(form.name)}
          checked={typeof groups === "string" ? [groups] : groups}
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
      // The pool's groups (nothing about anyone) come while the target is read.
      const [target, groups] = await Promise.all([
        targetForAdmin(admin, actor, username),
        admin.listGroups(),
      ]);
      const done = takeDoneFlash(c);
      const page = (
        <UserPage
          user={c.get("auth").user}
          csrfToken={c.get("auth").csrfToken}
          target={target}
          groups={groups}
          actions={allowedActions(actor, target)}
          self={isSelf(actor, target)}
          flash={done?.username === target.username ? doneMessage(done.step, target) : undefined}
          flashWarning={done?.step === "invited_without_groups"}
        />
      );
      return c.html(htmlDocument(page));
    } catch (error) {
      return refuse(c, error, { href: USERS_PATH, label: "Back to people" });
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
      assertAllowed(actor, target, action);
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
    if (form instanceof Response) return form;
    if (!csrfMatches(form[CSRF_FIELD], c.get("auth").csrfToken)) return csrfRefusal(c);
    const back = backTo(c.req.param("username"));
    try {
      const admin = await loadUserAdmin(settings);
      const username = c.req.param("username");
      const after = await runUserAction(admin, actorOf(c), action, username, {
        name: form.name,
        groups: form.groups ?? [],
      });
      setDoneFlash(c, action, after?.username ?? username);
      return c.redirect(after ? userPath(after.username) : USERS_PATH, 303);
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
    return { href: userPath(checkUsername(username)), label: "Back to the person" };
  } catch {
    return { href: USERS_PATH, label: "Back to people" };
  }
}

/** Fields a form may send more than once (checkboxes). */
const LIST_FIELDS: ReadonlySet<string> = new Set(["groups"]);

/**
 * The urlencoded (or multipart) fields as strings (lists for {@link LIST_FIELDS}); anything else
 * gives no fields. A field sent twice is ambiguous (`_csrf=wrong&_csrf=RIGHT`,
 * `email=a&email=b`): the answer is a 400 page, never a guess.
 */
async function formOf(
  c: Context,
): Promise<Record<string, string | string[] | undefined> | Response> {
  const type = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return {};
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    return {};
  }
  const fields: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    if (Array.isArray(value) && !LIST_FIELDS.has(name)) {
      return renderError(c, {
        status: 400,
        title: refusalTitle("repeated_field"),
        message: "This form sent the same field more than once. Open the page again and retry.",
        action: { href: USERS_PATH, label: "Back to people" },
      });
    }
    if (Array.isArray(value)) {
      fields[name] = value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
    } else {
      fields[name] = typeof value === "string" ? value : undefined;
    }
  }
  return fields;
}

function oneOf(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function csrfRefusal(c: Context) {
  return renderError(c, {
    status: 403,
    title: refusalTitle("csrf_mismatch"),
    message:
      "This form was not sent by this dashboard's page (its security token is missing or out of date). Open the page again and retry.",
    action: { href: USERS_PATH, label: "Back to people" },
  });
}

function refuse(c: Context, error: unknown, back: { href: string; label: string }) {
  if (!(error instanceof UserAdminError)) throw error;
  const action =
    error.code === "not_admin_anymore"
      ? HOME_ACTION
      : error.code === "user_not_found"
        ? { href: USERS_PATH, label: "Back to people" }
        : back;
  return renderError(c, {
    status: error.status,
    title: refusalTitle(error.code),
    message: error.message,
    action,
  });
}
