import type { ResolvedOptions } from "./options.ts";
import type { UserSeed } from "./users.ts";

/** Cognito's message when `identity_provider` names a provider the app client does not have. */
export const UNKNOWN_PROVIDER = "Login option is not available. Please try another one";

/**
 * What an authorize request asks for: `identity_provider` (a provider name, or `COGNITO` for the
 * pool's own users) or `idp_identifier` (one of the provider's identifiers), else the choice of
 * both (`any`). A name the client does not have is `unknown`.
 * @example federationRequest(new URLSearchParams("identity_provider=CorporateSSO"), federation) // "federated"
 */
export function federationRequest(
  query: URLSearchParams,
  federation: ResolvedOptions["federation"],
): "any" | "cognito" | "federated" | "unknown" {
  const provider = query.get("identity_provider");
  const identifier = query.get("idp_identifier");
  if (provider !== null) {
    if (provider === "COGNITO") return "cognito";
    return provider === federation?.providerName ? "federated" : "unknown";
  }
  if (identifier !== null) {
    return federation?.identifiers.includes(identifier) ? "federated" : "unknown";
  }
  return "any";
}

/**
 * The authorize URL behind the provider's button on the sign-in page: the same request with
 * `identity_provider` set, as Cognito's button is.
 * @example providerHref("client_id=x&…", "CorporateSSO") // "/oauth2/authorize?client_id=x&…&identity_provider=CorporateSSO"
 */
export function providerHref(query: string, providerName: string, base = ""): string {
  const params = new URLSearchParams(query);
  params.delete("idp_identifier");
  params.set("identity_provider", providerName);
  return `${base}/oauth2/authorize?${params}`;
}

/** The provider's user chosen on its page, if it is one of the users file's. */
export function federatedSeed(
  seeds: readonly UserSeed[],
  userId: string | null,
): UserSeed | undefined {
  return seeds.find((s) => s.federated?.userId === userId);
}
