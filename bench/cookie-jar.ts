/**
 * A Cookie header after a response's Set-Cookie lines, as a browser's jar would hold it: each
 * `name=value` replaced or added, and dropped when the line expires it (`Max-Age` of 0 or less, an
 * `Expires` in the past). Order is kept: replaced cookies stay where they were, new ones go last.
 * @example applySetCookies("a=1; b=2", ["b=; Max-Age=0", "c=3; Path=/"]) // "a=1; c=3"
 */
export function applySetCookies(header: string, setCookies: readonly string[]): string {
  if (setCookies.length === 0) return header;
  const jar = new Map(
    header
      .split("; ")
      .filter((pair) => pair !== "")
      .map((pair) => {
        const at = pair.indexOf("=");
        return [pair.slice(0, at), pair.slice(at + 1)] as const;
      }),
  );
  for (const line of setCookies) {
    const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
    const at = pair.indexOf("=");
    const name = pair.slice(0, at);
    const expired = attributes.some((attribute) => {
      const eq = attribute.indexOf("=");
      if (eq < 0) return false;
      const key = attribute.slice(0, eq);
      const value = attribute.slice(eq + 1);
      if (/^max-age$/i.test(key)) return Number(value) <= 0;
      if (/^expires$/i.test(key)) return Date.parse(value) <= Date.now();
      return false;
    });
    if (expired) jar.delete(name);
    else jar.set(name, pair.slice(at + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}
