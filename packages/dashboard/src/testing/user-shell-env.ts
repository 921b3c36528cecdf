/**
 * The project's own settings: a developer's Cognito, mock or session settings would point a
 * spawned server elsewhere, and a test sets what it means to.
 */
const OUR_SETTINGS =
  /^(COGNITO_.*|MOCK_IDP_.*|SESSION_SECRET|SESSION_TTL_SECONDS|BASE_URL|PORT|HOST)$/;

/**
 * What vitest and the npm that started it add (BASE_URL=/, NODE_ENV=test, npm_*...): not what a
 * user's shell has, and BASE_URL alone would stop the dashboard.
 */
const VITEST_AND_NPM =
  /^(VITEST.*|TEST|NODE_ENV|NODE_OPTIONS|MODE|DEV|PROD|SSR|FORCE_TTY|npm_.*|INIT_CWD|NODE)$/;

/**
 * The environment for a server a test spawns as a person would start it: this process's, without
 * the project's settings and the test runner's variables, plus `extra`.
 */
export function userShellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (OUR_SETTINGS.test(name) || VITEST_AND_NPM.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}
