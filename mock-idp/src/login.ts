import { timingSafeEqual } from "node:crypto";
import type { Interaction, KoaContext, KoaMiddleware, KoaNext } from "oidc-provider";
import { GENERIC_ERROR, sendErrorPage } from "./error-pages.ts";
import { federatedSeed, federationRequest, providerHref, UNKNOWN_PROVIDER } from "./federation.ts";
import { BodyError, readForm } from "./form-body.ts";
import { passwordStep, showPasswordStep } from "./new-password.ts";
import { type ListedUser, loginPage, providerPage } from "./sign-in-pages.ts";
import type { LoginDeps, SignInStep } from "./sign-in-step.ts";
import { setRequestCookie } from "./sign-in-tabs.ts";
import { SIGN_IN_MESSAGES } from "./user-pool.ts";

/** Cognito's message for a wrong username or password. */
export const WRONG_CREDENTIALS = SIGN_IN_MESSAGES.wrongCredentials;

/**
 * The hosted UI's `/login` and the federated provider's page (`/login/federated`). GET shows the
 * page; POST checks `_csrf` against the sign-in's `mockidp_signin_<id>` cookie, then the step:
 * credentials, a new password (FORCE_CHANGE_PASSWORD), a reset code (RESET_REQUIRED) or the
 * provider's user. On success the same request continues into oidc-provider's resume step, so the
 * answer is Cognito's single `302 redirect_uri?code=…&state=…`.
 * @example provider.use(loginRoute({ mock, pool, config, cookieKeys, tabs, challenges }))
 */
export function loginRoute(deps: LoginDeps): KoaMiddleware {
  const { mock, tabs } = deps;
  return async function login(ctx: KoaContext, next: KoaNext): Promise<void> {
    const federated = ctx.path === "/login/federated";
    if (ctx.path !== "/login" && !federated) return next();
    if (ctx.method !== "GET" && ctx.method !== "POST") {
      ctx.set("allow", "GET, POST");
      return sendErrorPage(ctx, GENERIC_ERROR, `Use GET or POST on ${ctx.path}.`, 405);
    }
    if (federated && !deps.config.federation) {
      return sendErrorPage(
        ctx,
        GENERIC_ERROR,
        "This mock has no federated identity provider.",
        404,
      );
    }
    tabs.select(ctx);
    const interaction = await mock.provider
      .interactionDetails(ctx.req, ctx.res)
      .catch(() => undefined);
    if (!interaction) {
      // Like Cognito, /login takes the authorize parameters: start the sign-in over from them.
      if (ctx.method === "GET" && typeof ctx.query.client_id === "string") {
        ctx.status = 302;
        return ctx.redirect(`${deps.base}/oauth2/authorize?${ctx.querystring}`);
      }
      return sendErrorPage(
        ctx,
        GENERIC_ERROR,
        "This sign-in expired or its cookie is missing; start again from the app.",
      );
    }
    const uid = interaction.uid;
    if (ctx.method === "GET") {
      const csrf = tabs.csrf(ctx, uid, true) as string;
      return federated ? showProvider(ctx, deps, csrf) : showForm(ctx, deps, csrf);
    }

    let form: URLSearchParams;
    try {
      form = await readForm(ctx.req);
    } catch (error) {
      if (error instanceof BodyError)
        return sendErrorPage(ctx, GENERIC_ERROR, error.message, error.status);
      throw error;
    }
    const csrf = tabs.csrf(ctx, uid, false);
    if (!csrf || !sameText(csrf, form.get("_csrf") ?? "")) {
      return sendErrorPage(
        ctx,
        GENERIC_ERROR,
        "The sign-in form is stale or its cookie is missing (CSRF check). Reload the page and try again.",
        403,
      );
    }
    const step: SignInStep = {
      ctx,
      interaction,
      csrf,
      deps,
      finish: async (user) => {
        const returnTo = await mock.provider.interactionResult(
          ctx.req,
          ctx.res,
          { login: { accountId: user.attributes.sub } },
          { mergeWithLastSubmission: false },
        );
        tabs.forget(ctx, uid);
        continueWithResume(ctx, interaction, returnTo, deps);
        return next();
      },
      showForm: (state) => showForm(ctx, deps, csrf, state),
    };

    if (federated) return federatedSignIn(step, form.get("user"));
    const challenge = form.get("challenge");
    if (challenge) return passwordStep(step, challenge, form);
    const username = form.get("username") ?? "";
    const result = deps.pool.signIn(username, form.get("password") ?? "");
    switch (result.outcome) {
      case "signed-in":
        return step.finish(result.user);
      case "refused":
        return step.showForm({ username, error: result.message });
      default:
        return showPasswordStep(step, result.outcome, result.user);
    }
  };
}

async function federatedSignIn(step: SignInStep, userId: string | null): Promise<void> {
  const { ctx, deps } = step;
  const seed = federatedSeed(deps.config.federatedUsers, userId);
  const federation = deps.config.federation;
  if (!seed?.federated || !federation) {
    return sendErrorPage(ctx, GENERIC_ERROR, "No such user at the federated provider.");
  }
  const result = deps.pool.federatedSignIn(
    { providerName: federation.providerName, userId: seed.federated.userId },
    { email: seed.email, name: seed.name },
  );
  if (result.outcome !== "signed-in") {
    ctx.status = 200;
    ctx.type = "html";
    ctx.body = providerPage({
      base: deps.base,
      providerName: federation.providerName,
      query: ctx.querystring,
      csrf: step.csrf,
      users: providerUsers(deps),
      error: result.outcome === "refused" ? result.message : undefined,
    });
    return;
  }
  return step.finish(result.user);
}

function showForm(
  ctx: KoaContext,
  deps: LoginDeps,
  csrf: string,
  state: { username?: string; error?: string; notice?: string } = {},
): void {
  const federation = deps.config.federation;
  const asked = federationRequest(new URLSearchParams(ctx.querystring), federation);
  ctx.status = 200;
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.body = loginPage({
    base: deps.base,
    query: ctx.querystring,
    csrf,
    ...state,
    ...(asked === "unknown" && !state.error ? { error: UNKNOWN_PROVIDER } : {}),
    ...(federation && asked !== "cognito"
      ? {
          provider: {
            name: federation.providerName,
            href: providerHref(ctx.querystring, federation.providerName, deps.base),
          },
        }
      : {}),
    users: listedUsers(deps),
  });
}

function showProvider(ctx: KoaContext, deps: LoginDeps, csrf: string): void {
  ctx.status = 200;
  ctx.type = "html";
  ctx.set("cache-control", "no-store");
  ctx.body = providerPage({
    base: deps.base,
    providerName: deps.config.federation?.providerName ?? "",
    query: ctx.querystring,
    csrf,
    users: providerUsers(deps),
  });
}

function providerUsers(deps: LoginDeps) {
  return deps.config.federatedUsers.map((s) => ({
    userId: s.federated?.userId ?? s.email,
    email: s.email,
    name: s.name,
  }));
}

/** The pool's users as the sign-in page lists them: what works now, for each. */
function listedUsers(deps: LoginDeps): ListedUser[] {
  const provider = deps.config.federation?.providerName;
  return deps.pool.users().map((user) => {
    const email = user.attributes.email ?? user.username;
    const notes = [
      user.federated ? `signs in with ${provider}` : "",
      user.status === "FORCE_CHANGE_PASSWORD" ? "temporary: asks for a new password" : "",
      user.status === "RESET_REQUIRED" ? "reset: code in the outbox" : "",
      user.enabled ? "" : "disabled",
      user.groups.filter((g) => !g.startsWith(`${deps.pool.userPoolId}_`)).join(", "),
    ].filter(Boolean);
    return { email, password: user.federated ? "—" : user.password, note: notes.join("; ") };
  });
}

/**
 * Turns this request into oidc-provider's resume request. The browser would send the signed
 * resume cookie only to the resume path; the mock holds the cookie key, so it adds that cookie.
 */
function continueWithResume(
  ctx: KoaContext,
  interaction: Interaction,
  returnTo: string,
  deps: LoginDeps,
): void {
  const key = deps.cookieKeys[0] as string;
  setRequestCookie(ctx, `${deps.cookiePrefix}interaction_resume`, interaction.uid, key);
  ctx.method = "GET";
  // The resume path under the pool's hosted UI; oidc-provider routes it without the base.
  const path = new URL(returnTo).pathname;
  ctx.url = path.startsWith(`${deps.base}/`) ? path.slice(deps.base.length) : path;
  if (deps.base) (ctx.req as { originalUrl?: string }).originalUrl = path;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
