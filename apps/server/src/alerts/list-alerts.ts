/**
 * A security admin (SETTINGS_SECURITY_VIEW) reads their org's alerts, newest first, never another
 * org's; without the permission it is 403.
 */
import { adminAlertsQuerySchema, adminAlertsResponseSchema } from '@gatehouse/shared';
import { decodeCursor, pageOf } from '../http/paging.js';
import { defineRoute, type Route } from '../http/route.js';
import { toAdminAlert } from './admin-alert.js';
import { orgAlertsPage } from './queries.js';

export const listAlerts: Route = defineRoute(
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
);
