/** The warning shows this long before the session ends (DESIGN §10). */
export const EXPIRY_WARNING_MS = 5 * 60 * 1000;
/** How often the warning is re-evaluated, besides on tab focus. */
export const EXPIRY_CHECK_INTERVAL_MS = 30 * 1000;

export interface SessionTimes {
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  /** Server time minus this browser's time, so a wrong local clock does not move the warning. */
  skewMs: number;
}

export interface ExpiryWarning {
  /** Which limit comes first: activity can extend an idle one, nothing extends an absolute one. */
  kind: 'idle' | 'absolute';
  endsAt: number;
  msLeft: number;
  /** Identifies this particular ending, so a dismissal holds until the expiry moves. */
  key: string;
}

/** The warning to show at `clientNow`, or null while the nearer expiry is over 5 minutes away. */
export function expiryWarning(clientNow: number, times: SessionTimes): ExpiryWarning | null {
  const now = clientNow + times.skewMs;
  const idle = Date.parse(times.idleExpiresAt);
  const absolute = Date.parse(times.absoluteExpiresAt);
  if (Number.isNaN(idle) || Number.isNaN(absolute)) return null;
  const kind = absolute <= idle ? 'absolute' : 'idle';
  const endsAt = Math.min(idle, absolute);
  const msLeft = endsAt - now;
  if (msLeft > EXPIRY_WARNING_MS) return null;
  return { kind, endsAt, msLeft: Math.max(0, msLeft), key: `${kind}:${endsAt}` };
}

/** "4 minutes", "1 minute", "less than a minute". */
export function minutesLeft(msLeft: number): string {
  const minutes = Math.floor(msLeft / 60_000);
  if (minutes < 1) return 'less than a minute';
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Server time from an HTTP Date header, as skew against this browser's clock. */
export function skewFrom(dateHeader: string | null, clientNow: number): number {
  const server = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  return Number.isNaN(server) ? 0 : server - clientNow;
}
