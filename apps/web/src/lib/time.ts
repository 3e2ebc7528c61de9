const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'long' });

/**
 * "just now", "2 minutes ago", "3 hours ago" — and ahead, "in 3 months", "in 2 days": a token
 * that expires in 90 days must not read "expires just now".
 */
export function relativeTime(iso: string, now = Date.now()): string {
  const delta = new Date(iso).getTime() - now;
  const size = Math.abs(delta);
  if (size < 60_000) return delta > 0 ? 'in under a minute' : 'just now';
  for (const [unit, ms] of UNITS) {
    // Rounded: a token made to last 90 days, looked at a moment later, expires "in 3 months".
    if (size >= ms) return relative.format(Math.round(delta / ms), unit);
  }
  return 'just now';
}

const exact = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'long',
});

/** "6 Dec 2026, 17:03:14 GMT+1": the instant itself, for a tooltip or an audit entry. */
export function exactTime(iso: string): string {
  return exact.format(new Date(iso));
}
