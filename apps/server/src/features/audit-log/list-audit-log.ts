/**
 * Reading the org's audit log (DESIGN §7–§8): a member with AUDIT_VIEW, or an API token with
 * `audit:read`, reads their own org's entries; without the permission or scope it is 403.
 */
import { auditListQuerySchema, auditListResponseSchema } from '@gatehouse/shared';
import { listAuditEntries } from '../../audit/index.js';
import { decodeSeqCursor, encodeSeqCursor } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';

export const listAuditLog: Route = defineRoute(
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
  async ({ db, auth, query }) => {
    const { cursor, limit, ...filter } = query;
    const beforeSeq = decodeSeqCursor(cursor);
    const { items, nextSeq } = await listAuditEntries(db, auth.org.id, {
      filter,
      limit,
      beforeSeq,
    });
    return { items, nextCursor: nextSeq === null ? null : encodeSeqCursor(nextSeq) };
  },
);
