import type { CognitoUser } from "@cognito-dashboard/cognito-auth";
import { ADMINS_GROUP, LOGOUT_PATH } from "@cognito-dashboard/local-dev";
import type { Child } from "hono/jsx";
import type { JSX } from "hono/jsx/jsx-runtime";
import { STYLES } from "./styles.ts";

/** The user-administration page (admins only). */
export const USERS_PATH = "/admin/users";

/** The name users see in the nav bar and the tab title. */
export const PRODUCT_NAME = "Cognito Dashboard";

export interface LayoutProps {
  title: string;
  /** Absent on pages shown before login (or when the session is unusable). */
  user?: CognitoUser | undefined;
  csrfToken?: string | undefined;
  current?: "home" | "admin" | "users" | undefined;
  children?: Child;
}

/**
 * The page shell: head, nav bar (product, links, user, Logout) and main column.
 */
export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${PRODUCT_NAME}`}</title>
        {/* A constant of ours, not user input: inserted raw so its quotes stay CSS quotes. */}
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <Nav user={props.user} csrfToken={props.csrfToken} current={props.current} />
        <main>{props.children}</main>
        <footer>{PRODUCT_NAME} · signed in with Amazon Cognito</footer>
      </body>
    </html>
  );
}

/**
 * A page as the document a browser is sent: the doctype, then the markup.
 */
export function htmlDocument(page: JSX.Element): string {
  return `<!doctype html>${page}`;
}

function Nav(props: Pick<LayoutProps, "user" | "csrfToken" | "current">) {
  const { user, csrfToken, current } = props;
  return (
    <header class="nav">
      <div class="nav-inner">
        <a class="brand" href="/">
          <span class="logo" aria-hidden="true">
            CD
          </span>
          {PRODUCT_NAME}
        </a>
        {user && (
          <nav class="nav-links" aria-label="Main">
            <a href="/" aria-current={current === "home" ? "page" : undefined}>
              Overview
            </a>
            {user.groups.includes(ADMINS_GROUP) && (
              <>
                <a href="/admin" aria-current={current === "admin" ? "page" : undefined}>
                  Admin
                </a>
                <a href={USERS_PATH} aria-current={current === "users" ? "page" : undefined}>
                  People
                </a>
              </>
            )}
          </nav>
        )}
        {user && (
          <div class="nav-user">
            <span class="avatar" aria-hidden="true">
              {initials(user)}
            </span>
            <span class="who">
              <span class="who-name">{displayName(user)}</span>
              <span class="who-email">{user.email}</span>
            </span>
            {csrfToken && (
              <form class="inline" method="post" action={LOGOUT_PATH}>
                <input type="hidden" name="_csrf" value={csrfToken} />
                <button class="button" type="submit">
                  Log out
                </button>
              </form>
            )}
          </div>
        )}
      </div>
    </header>
  );
}

/**
 * The name to greet a user by: the `name` claim, else the email's local part, else the username.
 * @example displayName({ name: "", email: "demo@example.com", ... }) // "demo"
 */
export function displayName(user: Pick<CognitoUser, "name" | "email" | "username">): string {
  return user.name.trim() || user.email.split("@")[0] || user.username;
}

function initials(user: CognitoUser): string {
  const parts = displayName(user).split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0]}${parts.at(-1)?.[0]}` : (parts[0] ?? "?")[0];
  return (letters ?? "?").toUpperCase();
}
