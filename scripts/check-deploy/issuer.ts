/**
 * The issuer's discovery document and JWKS, on `cognito-idp.<region>.amazonaws.com` (or the
 * SDK's own override, `AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER`, the same host as the API):
 * what the function verifies ID tokens with.
 */
import { type CheckLine, fail, ok } from "./check-line.ts";
import { describe } from "./function-url.ts";
import { probe } from "./probe.ts";
import type { StageOutputs } from "./stage-outputs.ts";

/**
 * Discovery, then the JWKS it names.
 * @example await issuerChecks(outputs) // [{ check: "issuer", state: "ok", … }, { check: "JWKS", … }]
 */
export async function issuerChecks(
  outputs: StageOutputs,
  env: Record<string, string | undefined> = process.env,
  get: typeof probe = probe,
): Promise<CheckLine[]> {
  const issuer = `https://cognito-idp.${outputs.region}.amazonaws.com/${outputs.userPoolId}`;
  const base = (
    env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER?.trim() ||
    `https://cognito-idp.${outputs.region}.amazonaws.com`
  ).replace(/\/+$/, "");
  const gone = `the pool ${outputs.userPoolId} is not in ${outputs.region} any more (removed?): npx sst deploy --stage ${outputs.stage}`;

  const discovery = await get(`${base}/${outputs.userPoolId}/.well-known/openid-configuration`, {
    accept: "application/json",
  });
  const document = discovery.ok && discovery.status === 200 ? parse(discovery.body) : undefined;
  if (!document) {
    return [
      fail(
        "issuer",
        `the discovery document got ${describe(discovery)}`,
        discovery.ok && discovery.status < 500
          ? gone
          : "run this again; if it persists, check your network (a proxy?)",
      ),
      { check: "JWKS", state: "skip", said: "not checked: no discovery document" },
    ];
  }
  const jwksUri = typeof document.jwks_uri === "string" ? document.jwks_uri : undefined;
  if (document.issuer !== issuer || !jwksUri) {
    return [
      fail(
        "issuer",
        `the discovery document names issuer ${String(document.issuer)}, not ${issuer}`,
        gone,
      ),
      { check: "JWKS", state: "skip", said: "not checked: wrong discovery document" },
    ];
  }
  const lines = [ok("issuer", `${issuer} publishes its discovery document`)];
  // Fetched where the override points, at the path the document names.
  const jwksUrl = `${base}${new URL(jwksUri).pathname}`;
  const jwks = await get(jwksUrl, { accept: "application/json" });
  const keys = jwks.ok && jwks.status === 200 ? parse(jwks.body)?.keys : undefined;
  const usable = Array.isArray(keys)
    ? keys.filter(
        (k: { kty?: unknown; kid?: unknown }) => k?.kty === "RSA" && typeof k.kid === "string",
      )
    : [];
  lines.push(
    usable.length > 0
      ? ok("JWKS", `${usable.length} signing keys at ${jwksUri}`)
      : fail("JWKS", `${jwksUri} got ${describe(jwks)} with no RSA key`, gone),
  );
  return lines;
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
