import {
  pageQuerySchema,
  SECURITY_ACTIVITY_ACTIONS,
  type SecurityActivityItem,
  securityActivityResponseSchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { decodeSeqCursor, encodeSeqCursor } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';
import { activityOf } from './queries.js';

const isActivity = (action: string): action is SecurityActivityItem['action'] =>
  (SECURITY_ACTIVITY_ACTIONS as readonly string[]).includes(action);

export function activityRoutes(_deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/security/activity',
        tag: 'sessions',
        access: 'session',
        summary:
          "The caller's own security events: sign-ins, factor and password changes, newest first",
        query: pageQuerySchema,
        response: securityActivityResponseSchema,
      },
      async ({ db, auth, query }) => {
        const beforeSeq = decodeSeqCursor(query.cursor);
        const rows = await activityOf(
          db,
          { orgId: auth.org.id, userId: auth.user.id },
          { limit: query.limit + 1, ...(beforeSeq === undefined ? {} : { beforeSeq }) },
        );
        const items = rows.slice(0, query.limit);
        const last = items[items.length - 1];
        return {
          items: items.flatMap(({ seq: _seq, ...r }) =>
            isActivity(r.action) ? [{ ...r, action: r.action, at: r.at.toISOString() }] : [],
          ),
          nextCursor: rows.length > query.limit && last ? encodeSeqCursor(last.seq) : null,
        };
      },
    ),
  ];
}
