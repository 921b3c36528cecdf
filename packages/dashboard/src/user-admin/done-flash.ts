/**
 * The message after a step, carried from the POST to the page it redirects to in a short-lived
 * cookie rather than in the URL: a link can put `?done=disable` on anyone's page, but only an
 * answer from this host can set this cookie (HttpOnly, SameSite=Strict, on /admin/users only).
 * The page reads it once and clears it, and says it only about the user it names and only if
 * their live state agrees (see doneMessage). It is not `Secure`: behind the Lambda bridge this
 * sub-app cannot tell http from https, and the state check stands anyway.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { USERS_PATH } from "../pages/layout.tsx";
import { isUserAction, type UserAction } from "./user-actions.ts";
import { checkUsername } from "./user-input.ts";

/**
 * A finished step: one of the user steps, or an invitation (`invited_without_groups`: sent, but
 * not every group chosen could be added).
 */
export type DoneStep = UserAction | "invited" | "invited_without_groups";

function isDoneStep(step: string): step is DoneStep {
  return step === "invited" || step === "invited_without_groups" || isUserAction(step);
}

export interface DoneFlash {
  step: DoneStep;
  username: string;
}

const NAME = "cdash_done";
const PATH = USERS_PATH;
/** Long enough for the redirect, short enough not to turn up on a later visit. */
const MAX_AGE_SECONDS = 60;

/**
 * Sets the flash on the answer to a POST that did `step` to `username`.
 * @example setDoneFlash(c, "disable", user.username); return c.redirect(userPath, 303);
 */
export function setDoneFlash(c: Context, step: DoneStep, username: string): void {
  setCookie(c, NAME, `${step}:${encodeURIComponent(username)}`, {
    path: PATH,
    httpOnly: true,
    sameSite: "Strict",
    maxAge: MAX_AGE_SECONDS,
  });
}

/**
 * The flash this request carries, if any and well formed; clears it either way.
 * @example const done = takeDoneFlash(c); // { step: "disable", username: "5f1c…" } or undefined
 */
export function takeDoneFlash(c: Context): DoneFlash | undefined {
  const raw = getCookie(c, NAME);
  if (raw === undefined) return undefined;
  deleteCookie(c, NAME, { path: PATH });
  const at = raw.indexOf(":");
  const step = raw.slice(0, at);
  if (at < 1 || !isDoneStep(step)) return undefined;
  try {
    return { step, username: checkUsername(decodeURIComponent(raw.slice(at + 1))) };
  } catch {
    return undefined;
  }
}
