const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

const count = (n: number, unit: string) =>
  `${n.toLocaleString('en-GB')} ${unit}${n === 1 ? '' : 's'}`;

/** "7 days", "12 hours", "1 day 6 hours", "1 hour 30 minutes". */
export function durationInWords(totalMinutes: number): string {
  const days = Math.floor(totalMinutes / MINUTES_PER_DAY);
  const hours = Math.floor((totalMinutes % MINUTES_PER_DAY) / MINUTES_PER_HOUR);
  const minutes = totalMinutes % MINUTES_PER_HOUR;
  const parts = [
    days > 0 ? count(days, 'day') : null,
    hours > 0 ? count(hours, 'hour') : null,
    minutes > 0 || totalMinutes === 0 ? count(minutes, 'minute') : null,
  ];
  return parts.filter(Boolean).join(' ');
}

/**
 * Minutes as the policy stores them, with the same length in words beside them once it is an
 * hour or more: "30 minutes", "720 minutes · 12 hours", "10,080 minutes · 7 days".
 */
export function formatMinutes(totalMinutes: number): string {
  const minutes = count(totalMinutes, 'minute');
  return totalMinutes < MINUTES_PER_HOUR
    ? minutes
    : `${minutes} · ${durationInWords(totalMinutes)}`;
}
