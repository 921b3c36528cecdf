/**
 * What the sign-in form (login.ts) hands to the steps after it (new-password.ts): its own module,
 * so that neither imports the other for it.
 */
import type { Interaction, KoaContext } from "oidc-provider";
import type { ChallengeSessions } from "./challenge-session.ts";
import type { ResolvedOptions } from "./options.ts";
import type { MockProvider } from "./provider.ts";
import type { SignInTabs } from "./sign-in-tabs.ts";
import type { PoolUser, UserPool } from "./user-pool.ts";

/** What the sign-in pages need. */
export interface LoginDeps {
  mock: MockProvider;
  pool: UserPool;
  config: ResolvedOptions;
  cookieKeys: readonly string[];
  tabs: SignInTabs;
  challenges: ChallengeSessions;
  /** Where the pool's hosted UI is: "" (the root) or "/<poolId>". */
  base: string;
  /** The pool's cookie prefix (`mockidp_` for the built-in pool). */
  cookiePrefix: string;
}

/** One sign-in in progress, as the steps after the form see it. */
export interface SignInStep {
  ctx: KoaContext;
  interaction: Interaction;
  csrf: string;
  deps: LoginDeps;
  /** Ends the sign-in as `user`: Cognito's `302 redirect_uri?code=…&state=…`. */
  finish(user: PoolUser): Promise<void>;
  /** Shows the sign-in form again, with an error or a notice. */
  showForm(state?: { username?: string; error?: string; notice?: string }): void;
}
