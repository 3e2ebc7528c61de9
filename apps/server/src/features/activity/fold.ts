import type { AlertType, SecurityActivityAction, SecurityActivityItem } from '@gatehouse/shared';

/**
 * The event each alert is raised with, in the same transaction: the alert is that event's, not
 * an entry of its own. An alert whose event is someone else's (an owner's notice of another's
 * change) has nothing in the user's list to join, and stays an entry.
 */
const RAISED_WITH: Partial<Record<AlertType, readonly SecurityActivityAction[]>> = {
  new_device: ['LOGIN_SUCCESS'],
  new_country: ['LOGIN_SUCCESS'],
  impossible_travel: ['LOGIN_SUCCESS'],
  shared_account: ['LOGIN_SUCCESS'],
  failed_sign_ins: ['LOGIN_FAILURE'],
  password_changed: ['PASSWORD_CHANGED'],
  mfa_enabled: ['MFA_ENROLLED'],
  mfa_disabled: ['MFA_DISABLED'],
  recovery_codes_regenerated: ['RECOVERY_CODES_REGENERATED'],
  session_evicted: ['SESSION_EVICTED'],
  admin_sign_out: ['FORCE_LOGOUT', 'SESSION_REVOKED'],
  impersonation_started: ['IMPERSONATION_STARTED'],
  impersonation_ended: ['IMPERSONATION_ENDED'],
};

/** How far apart in the chain an alert and its event may be (a sign-in raises several). */
const NEAR = 8;
/** The rows read past a page's limit, for `pageEnd`. */
export const FOLD_SLACK = NEAR + 1;

export interface Placed {
  seq: number;
  at: Date;
  item: SecurityActivityItem;
}

/**
 * One entry per event: each ALERT_RAISED joins the event it was raised with (same instant, a
 * few chain positions away, the action it goes with), which then carries `alertType`. The
 * nearest such event wins; an alert with none stays an entry of its own.
 */
export function foldAlerts(rows: readonly Placed[]): SecurityActivityItem[] {
  const folded = new Set<number>();
  const alertsOf = new Map<number, AlertType>();
  rows.forEach((row, index) => {
    const type = row.item.action === 'ALERT_RAISED' ? row.item.alertType : null;
    const hosts = type ? RAISED_WITH[type] : undefined;
    if (!type || !hosts) return;
    let best: number | null = null;
    rows.forEach((other, j) => {
      if (j === index || other.item.action === 'ALERT_RAISED') return;
      if (other.at.getTime() !== row.at.getTime()) return;
      const distance = Math.abs(other.seq - row.seq);
      if (distance > NEAR || !(hosts as readonly string[]).includes(other.item.action)) return;
      if (best === null || distance < Math.abs((rows[best]?.seq ?? 0) - row.seq)) best = j;
    });
    if (best === null) return;
    folded.add(index);
    // An event that raised several alerts shows the first; each is on /admin/alerts.
    if (!alertsOf.has(best)) alertsOf.set(best, type);
  });
  return rows.flatMap((row, index) => {
    if (folded.has(index)) return [];
    const alertType = alertsOf.get(index);
    return [alertType ? { ...row.item, alertType } : row.item];
  });
}

/**
 * Where a page may end: after `limit` rows, plus the rows that follow at the same instant (up to
 * NEAR), so an event and its alert are not split across two pages.
 */
export function pageEnd<T extends { at: Date }>(rows: readonly T[], limit: number): number {
  if (rows.length <= limit) return rows.length;
  const last = rows[limit - 1];
  let end = limit;
  while (end < rows.length && end < limit + NEAR && rows[end]?.at.getTime() === last?.at.getTime())
    end++;
  return end;
}
