/**
 * The message after a step, carried from the POST to the page it redirects to in a short-lived
 * cookie rather than in the URL: a link can put `?done=disable` on anyone's page, but only this
 * app's own answer to a POST can set this cookie (HttpOnly, SameSite=Strict, `__Host-` over
 * https). The page reads it once and clears it, and says it only about the user it names and
 * only if their live state agrees (see doneMessage).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { isUserAction, type UserAction } from "./user-actions.ts";
import { checkUsername } from "./user-input.ts";

/** A finished step: one of the user steps, or an invitation. */
export type DoneStep = UserAction | "invited";

export interface DoneFlash {
  step: DoneStep;
  username: string;
}

const NAME = "cdash_done";
/** Long enough for the redirect, short enough not to turn up on a later visit. */
const MAX_AGE_SECONDS = 60;

function cookieName(c: Context): { name: string; secure: boolean } {
  const secure = new URL(c.req.url).protocol === "https:";
  return { name: secure ? `__Host-${NAME}` : NAME, secure };
}

/**
 * Sets the flash on the answer to a POST that did `step` to `username`.
 * @example setDoneFlash(c, "disable", user.username); return c.redirect(userPath, 303);
 */
export function setDoneFlash(c: Context, step: DoneStep, username: string): void {
  const { name, secure } = cookieName(c);
  setCookie(c, name, `${step}:${encodeURIComponent(username)}`, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure,
    maxAge: MAX_AGE_SECONDS,
  });
}

/**
 * The flash this request carries, if any and well formed; clears it either way.
 * @example const done = takeDoneFlash(c); // { step: "disable", username: "5f1c…" } or undefined
 */
export function takeDoneFlash(c: Context): DoneFlash | undefined {
  const { name, secure } = cookieName(c);
  const raw = getCookie(c, name);
  if (raw === undefined) return undefined;
  deleteCookie(c, name, { path: "/", secure });
  const at = raw.indexOf(":");
  const step = raw.slice(0, at);
  if (at < 1 || (step !== "invited" && !isUserAction(step))) return undefined;
  try {
    return { step, username: checkUsername(decodeURIComponent(raw.slice(at + 1))) };
  } catch {
    return undefined;
  }
}
