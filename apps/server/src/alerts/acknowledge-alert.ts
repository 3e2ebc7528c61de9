/**
 * A security admin (SETTINGS_SECURITY_VIEW) acknowledges one alert of their org: another org's is
 * 404, one acknowledged already 409, and one about them or their own change 403 (owners may).
 */
import { ackAlertResponseSchema, idParamsSchema } from '@gatehouse/shared';
import type { AuthContext } from '../http/auth-context.js';
import { AppError, notFound } from '../http/errors.js';
import { assertMayActOn } from '../http/may-act-on.js';
import { defineRoute, type Route } from '../http/route.js';
import { type AlertRow, toAdminAlert } from './admin-alert.js';
import { acknowledge, alertOfOrg } from './queries.js';

export const acknowledgeAlert: Route = defineRoute(
  {
    method: 'post',
    path: '/admin/alerts/:id/ack',
    tag: 'admin',
    access: 'session',
    // DESIGN §7: the same permission as reading. Acknowledging changes no security setting.
    permission: 'SETTINGS_SECURITY_VIEW',
    summary:
      "Acknowledge an alert of your org (another org's alert is 404, one acknowledged already 409; not one about you or your own change)",
    params: idParamsSchema,
    load: async ({ db, auth, params, audit }) => {
      audit.set({ targetType: 'security_alert', targetId: params.id });
      const row = await alertOfOrg(db, params.id, auth.org.id);
      if (!row) throw notFound('Alert');
      assertNotOwnAlert(auth, row);
      if (row.alert.acknowledgedAt) throw alreadyAcknowledged();
      return row;
    },
    response: ackAlertResponseSchema,
    audit: 'ALERT_ACKNOWLEDGED',
  },
  async ({ db, auth, target, audit, now }) => {
    audit.set({ metadata: { type: target.alert.type, userId: target.alert.userId } });
    // The first acknowledgement stands; a second one changed nothing and records nothing.
    if (!(await acknowledge(db, target.alert.id, auth.org.id, { userId: auth.user.id, now })))
      throw alreadyAcknowledged();
    const updated = await alertOfOrg(db, target.alert.id, auth.org.id);
    if (!updated) throw notFound('Alert');
    return { alert: toAdminAlert(updated, auth) };
  },
);

/**
 * An admin cannot close an alert about themselves or about something they did: an account
 * taken over would hide its own trail from the owners. Owners may (there may be no one else).
 */
function assertNotOwnAlert(auth: AuthContext, { alert }: AlertRow): void {
  // The policy's ACKNOWLEDGE_ALERT on yourself: owners only. About someone else, anyone may.
  if (alert.userId !== auth.user.id && alert.details.actorUserId !== auth.user.id) return;
  assertMayActOn(auth, 'ACKNOWLEDGE_ALERT', auth.user, {
    refusals: {
      self: () =>
        new AppError(
          'OWN_ALERT',
          'An alert about you or your own change is for someone else to acknowledge',
        ),
    },
  });
}

const alreadyAcknowledged = (): AppError =>
  new AppError('CONFLICT', 'This alert was acknowledged already');
