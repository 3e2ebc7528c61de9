/**
 * A security admin (SETTINGS_SECURITY_VIEW) acknowledges every open alert of their org up to the
 * newest they saw; alerts about them or their own acts are skipped, unless they are an owner.
 */
import { ackAllAlertsRequestSchema, ackAllAlertsResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../http/route.js';
import { acknowledgeAll } from './queries.js';

export const acknowledgeAllAlerts: Route = defineRoute(
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
);
