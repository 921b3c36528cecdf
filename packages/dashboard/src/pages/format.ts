/**
 * Formats an instant for people, in UTC so the server's time zone never leaks into a page.
 * @example formatInstant(Date.UTC(2026, 10, 25, 14, 5)) // "25 Nov 2026, 14:05 UTC"
 */
export function formatInstant(epochMs: number): string {
  const d = new Date(epochMs);
  const months = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/**
 * The day of an instant, in UTC, for tables.
 * @example formatDay(Date.UTC(2026, 10, 25, 14, 5)) // "25 Nov 2026"
 */
export function formatDay(epochMs: number): string {
  return formatInstant(epochMs).replace(/, .*$/, "");
}

/**
 * How long until an instant, rounded down to minutes.
 * @example formatRemaining(Date.now() + 95 * 60_000) // "in 1 h 35 min"
 */
export function formatRemaining(epochMs: number, now: number = Date.now()): string {
  const minutes = Math.floor((epochMs - now) / 60_000);
  if (minutes < 1) return "in less than a minute";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `in ${m} min`;
  return m === 0 ? `in ${h} h` : `in ${h} h ${m} min`;
}
