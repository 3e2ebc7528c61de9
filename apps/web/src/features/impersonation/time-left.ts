import type { ImpersonationDTO } from '@gatehouse/shared';

/** "60 minutes left", "1 minute left", "ended": what remains of a support session at `now`. */
export function supportTimeLeft(
  session: Pick<ImpersonationDTO, 'startedAt' | 'expiresAt'>,
  now: number,
): string {
  const expiresAt = Date.parse(session.expiresAt);
  const ms = expiresAt - now;
  if (Number.isNaN(ms)) return '';
  if (ms <= 0) return 'ended';
  // Rounded up ("1 minute left" until it has really ended), but never past the session's whole
  // length: the clock skew from a whole-second Date header may put `now` a moment early.
  const whole = Math.ceil((expiresAt - Date.parse(session.startedAt)) / 60_000);
  const minutes = whole > 0 ? Math.min(Math.ceil(ms / 60_000), whole) : Math.ceil(ms / 60_000);
  return minutes === 1 ? '1 minute left' : `${minutes} minutes left`;
}
