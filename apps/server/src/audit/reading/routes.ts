import { auditListQuerySchema, auditListResponseSchema } from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import { listAuditEntries } from './service.js';

/** Reading the org's audit log (DESIGN §7–§8); export and verify live beside it. */
export function auditListRoutes(_deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/audit',
        tag: 'audit',
        access: 'session-or-token',
        permission: 'AUDIT_VIEW',
        token: 'audit:read',
        summary:
          "The org's audit log, newest first; filter by action (repeatable), outcome, actor, target, impersonation and date range; cursor paging",
        query: auditListQuerySchema,
        response: auditListResponseSchema,
      },
      ({ db, auth, query }) => {
        const { cursor, limit, ...filter } = query;
        return listAuditEntries(db, auth.org.id, { filter, limit, cursor });
      },
    ),
  ];
}
