// Relative times for lists ("3 min ago"), coarse on purpose: they are read at a glance.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function timeAgo(then: number, now: number): string {
  if (!Number.isFinite(then)) return '—';
  const d = now - then;
  if (d < 45_000) return 'just now';
  if (d < HOUR) return `${Math.max(1, Math.round(d / MIN))} min ago`;
  if (d < DAY) return `${Math.round(d / HOUR)} h ago`;
  if (d < 2 * DAY) return 'yesterday';
  if (d < 30 * DAY) return `${Math.round(d / DAY)} days ago`;
  const date = new Date(then);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const sameYear = date.getUTCFullYear() === new Date(now).getUTCFullYear();
  return sameYear
    ? `${month} ${date.getUTCDate()}`
    : `${month} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/**
 * The IANA time zone this browser runs in (where a schedule's times are meant), or 'UTC' when the
 * runtime does not say or names something that is not a zone.
 */
export function browserTimeZone(
  resolve: () => string | undefined = () => Intl.DateTimeFormat().resolvedOptions().timeZone,
): string {
  try {
    const zone = resolve();
    if (!zone) return 'UTC';
    new Intl.DateTimeFormat('en', { timeZone: zone }); // throws a RangeError for an unknown zone
    return zone;
  } catch {
    return 'UTC';
  }
}
