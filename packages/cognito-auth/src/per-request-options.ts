import type { Context } from "hono";

/** How many distinct settings one middleware keeps (a per-request function that gives more is misused). */
const KEPT_SETTINGS = 16;

/**
 * For options given as a function of the request's context (on Workers the settings are in
 * `c.env`, which exists only per request): what `create` makes of them, made once per distinct
 * settings and kept, so that a request neither validates options nor derives keys again.
 *
 * Settings are told apart by their values (JSON, functions left out, since a function written
 * inside the options function is a new one on every call); a function such as a hook is taken
 * from the options that first gave those values. The options object itself is remembered too: a
 * function that returns the same object skips the comparison. Options that do not validate throw
 * on the request (to `app.onError`) and are not kept.
 * @example const instanceOf = perRequest((c) => ({ ...options, clientId: c.env.CLIENT_ID }), create);
 */
export function perRequest<O extends object, T>(
  options: (c: Context) => O,
  create: (options: O) => T,
): (c: Context) => T {
  const byObject = new WeakMap<object, T>();
  const byValues = new Map<string, T>();
  return (c) => {
    const given = options(c);
    if (typeof given !== "object" || given === null) return create(given);
    const known = byObject.get(given);
    if (known !== undefined) return known;
    const key = JSON.stringify(given, (_, value) =>
      typeof value === "function" ? "[function]" : value,
    );
    let made = byValues.get(key);
    if (made === undefined) {
      made = create(given);
      if (byValues.size >= KEPT_SETTINGS) byValues.delete(byValues.keys().next().value as string);
      byValues.set(key, made);
    }
    byObject.set(given, made);
    return made;
  };
}
