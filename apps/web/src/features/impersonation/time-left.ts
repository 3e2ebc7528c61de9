/** "60 minutes left", "1 minute left", "ended": what remains of a support session at `now`. */
export function supportTimeLeft(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (Number.isNaN(ms)) return '';
  if (ms <= 0) return 'ended';
  // Rounded up: "1 minute left" until it has really ended, and a fresh session says 60.
  const minutes = Math.ceil(ms / 60_000);
  return minutes === 1 ? '1 minute left' : `${minutes} minutes left`;
}
