import {
  type AdminAlert,
  ALERT_SEVERITIES,
  ALERT_TYPES,
  ackAlertResponseSchema,
  ackAllAlertsRequestSchema,
  ackAllAlertsResponseSchema,
  adminAlertsQuerySchema,
  adminAlertsResponseSchema,
  idParamsSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import type { AuthContext } from '../http/auth-context.js';
import { AppError, notFound } from '../http/errors.js';
import { assertMayActOn } from '../http/may-act-on.js';
import { decodeCursor, pageOf } from '../http/paging.js';
import { defineRoute, type Route } from '../http/route.js';
import { acknowledge, acknowledgeAll, alertOfOrg, orgAlertsPage } from './queries.js';

type AlertRow = NonNullable<Awaited<ReturnType<typeof alertOfOrg>>>;

const alertType = z.enum(ALERT_TYPES).catch('new_device');
const severity = z.enum(ALERT_SEVERITIES).catch('medium');

/** An alert the caller may not acknowledge: about them or their own act (owners may). */
function isOwnAlert(auth: AuthContext, alert: AlertRow['alert']): boolean {
  if (auth.user.role === 'owner') return false;
  return alert.userId === auth.user.id || alert.details.actorUserId === auth.user.id;
}

function toAdminAlert(
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

/** `/admin/alerts`: the org's security alerts, and acknowledging one (DESIGN §7, §9). */
export function alertRoutes(_deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/admin/alerts',
        tag: 'admin',
        access: 'session',
        permission: 'SETTINGS_SECURITY_VIEW',
        summary: "The org's security alerts, newest first; `unacknowledged=true` for the open ones",
        query: adminAlertsQuerySchema,
        response: adminAlertsResponseSchema,
      },
      async ({ db, auth, query }) => {
        const cursor = decodeCursor(query.cursor);
        const rows = await orgAlertsPage(db, auth.org.id, {
          limit: query.limit + 1,
          unacknowledged: query.unacknowledged,
          severity: query.severity,
          ...(cursor ? { cursor } : {}),
        });
        const page = pageOf(rows, query.limit, (row) => ({
          at: row.alert.createdAt,
          id: row.alert.id,
        }));
        return {
          alerts: page.items.map((row) => toAdminAlert(row, auth)),
          nextCursor: page.nextCursor,
        };
      },
    ),
    defineRoute(
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
    ),
    defineRoute(
      {
        method: 'post',
        path: '/admin/alerts/acknowledge-all',
        tag: 'admin',
        access: 'session',
        permission: 'SETTINGS_SECURITY_VIEW',
        summary:
          "Acknowledge every open alert of your org up to `upTo` (the newest the page showed), of `severity` if given; alerts about you or your own acts are skipped (owners' are not)",
        body: ackAllAlertsRequestSchema,
        response: ackAllAlertsResponseSchema,
        audit: 'ALERTS_ACKNOWLEDGED',
      },
      async ({ db, auth, body, audit, now }) => {
        const result = await acknowledgeAll(
          db,
          auth.org.id,
          {
            upTo: new Date(body.upTo),
            severity: body.severity,
            exceptOwnOf: auth.user.role === 'owner' ? null : auth.user.id,
          },
          { userId: auth.user.id, now },
        );
        audit.set({
          targetType: 'org',
          targetId: auth.org.id,
          metadata: { ...result, filters: { ...body } },
        });
        return result;
      },
    ),
  ];
}
