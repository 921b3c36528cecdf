import { timingSafeEqual } from "node:crypto";
import type { Interaction, KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import { BodyError, readForm } from "./form-body.ts";
import { loginPage } from "./pages.ts";
import type { MockProvider } from "./provider.ts";
import { type SignInTabs, setRequestCookie } from "./sign-in-tabs.ts";
import { checkPassword, type PoolUser } from "./users.ts";

const RESUME_COOKIE = "mockidp_interaction_resume";

/** Cognito's message for a wrong username or password. */
export const WRONG_CREDENTIALS = "Incorrect username or password.";

/**
 * The hosted UI's `/login`: GET shows the sign-in form, POST checks it (`_csrf` against the
 * sign-in's `mockidp_signin_<id>` cookie, then the credentials). On success the same
 * request continues into oidc-provider's resume step, so the answer is Cognito's single
 * `302 redirect_uri?code=…&state=…` rather than a detour through an intermediate URL.
 * @example provider.use(loginRoute(mock, users, cookieKeys, tabs))
 */
export function loginRoute(
  mock: MockProvider,
  users: readonly PoolUser[],
  cookieKeys: readonly string[],
  tabs: SignInTabs,
): KoaMiddleware {
  return async function login(ctx: KoaContext, next: KoaNext): Promise<void> {
    if (ctx.path !== "/login") return next();
    if (ctx.method !== "GET" && ctx.method !== "POST") {
      ctx.set("allow", "GET, POST");
      return sendErrorPage(ctx, GENERIC_ERROR, "Use GET or POST on /login.", 405);
    }
    tabs.select(ctx);
    const interaction = await mock.provider
      .interactionDetails(ctx.req, ctx.res)
      .catch(() => undefined);
    if (!interaction) {
      // Like Cognito, /login takes the authorize parameters: start the sign-in over from them.
      if (ctx.method === "GET" && typeof ctx.query.client_id === "string") {
        ctx.status = 302;
        return ctx.redirect(`/oauth2/authorize?${ctx.querystring}`);
      }
      return sendErrorPage(
        ctx,
        GENERIC_ERROR,
        "This sign-in expired or its cookie is missing; start again from the app.",
      );
    }
    if (ctx.method === "GET") return showForm(ctx, tabs.csrf(ctx, interaction.uid, true) as string);

    let form: URLSearchParams;
    try {
      form = await readForm(ctx.req);
    } catch (error) {
      if (error instanceof BodyError)
        return sendErrorPage(ctx, GENERIC_ERROR, error.message, error.status);
      throw error;
    }
    const csrf = tabs.csrf(ctx, interaction.uid, false);
    if (!csrf || !sameText(csrf, form.get("_csrf") ?? "")) {
      return sendErrorPage(
        ctx,
        GENERIC_ERROR,
        "The sign-in form is stale or its cookie is missing (CSRF check). Reload the page and try again.",
        403,
      );
    }
    const username = form.get("username") ?? "";
    const user = checkPassword(users, username, form.get("password") ?? "");
    if (!user) {
      return showForm(ctx, csrf, { username, error: WRONG_CREDENTIALS });
    }
    const returnTo = await mock.provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    );
    tabs.forget(ctx, interaction.uid);
    continueWithResume(ctx, interaction, returnTo, cookieKeys[0] as string);
    return next();
  };
}

function showForm(
  ctx: KoaContext,
  csrf: string,
  state: { username?: string; error?: string } = {},
): void {
  ctx.status = 200;
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.body = loginPage({ query: ctx.querystring, csrf, ...state });
}

/**
 * Turns this request into oidc-provider's resume request. The browser would send the signed
 * resume cookie only to the resume path; the mock holds the cookie key, so it adds that cookie.
 */
function continueWithResume(
  ctx: KoaContext,
  interaction: Interaction,
  returnTo: string,
  key: string,
): void {
  setRequestCookie(ctx, RESUME_COOKIE, interaction.uid, key);
  ctx.method = "GET";
  ctx.url = new URL(returnTo).pathname;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
