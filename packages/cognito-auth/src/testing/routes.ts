/** The middleware's default routes, as the tests expect them (the defaults are what they test). */
export const LOGIN_PATH = "/login/cognito";
export const CALLBACK_PATH = "/login/cognito/authorized";
export const LOGOUT_PATH = "/logout";
/** The default `routes.afterLogout`. */
export const AFTER_LOGOUT_PATH = "/";
