import { type AdminAlert, ALERT_SEVERITIES, ALERT_TYPES } from '@gatehouse/shared';
import { z } from 'zod';
import type { AuthContext } from '../http/auth-context.js';
import type { alertOfOrg } from './queries.js';

/** An alert as /admin/alerts shows it, shared by its list and its acknowledgement. */
export type AlertRow = NonNullable<Awaited<ReturnType<typeof alertOfOrg>>>;

const alertType = z.enum(ALERT_TYPES).catch('new_device');
const severity = z.enum(ALERT_SEVERITIES).catch('medium');

/** An alert the caller may not acknowledge: about them or their own act (owners may). */
function isOwnAlert(auth: AuthContext, alert: AlertRow['alert']): boolean {
  if (auth.user.role === 'owner') return false;
  return alert.userId === auth.user.id || alert.details.actorUserId === auth.user.id;
}

export function toAdminAlert(
  { alert, user, acknowledgedByName, actorName }: AlertRow,
  auth: AuthContext,
): AdminAlert {
  const actorId = alert.details.actorUserId;
  return {
    id: alert.id,
    type: alertType.parse(alert.type),
    severity: severity.parse(alert.severity),
    createdAt: alert.createdAt.toISOString(),
    user,
    ip: alert.details.ip,
    country: alert.details.country,
    city: alert.details.city,
    device: alert.details.device,
    // An administrator reads the third person; older rows have only the user's words.
    summary: alert.details.adminSummary ?? alert.details.summary,
    actor: actorId ? { id: actorId, name: actorName ?? 'a former member' } : null,
    own: isOwnAlert(auth, alert),
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: alert.acknowledgedBy
      ? { id: alert.acknowledgedBy, name: acknowledgedByName ?? 'a former member' }
      : null,
  };
}
