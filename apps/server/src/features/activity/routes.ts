import { pageQuerySchema, securityActivityResponseSchema } from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { decodeSeqCursor, encodeSeqCursor } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';
import { itemOf } from './items.js';
import { activityOf } from './queries.js';

export function activityRoutes(_deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/security/activity',
        tag: 'sessions',
        access: 'session',
        summary:
          "The caller's own security events: sign-ins (and failed ones), sessions signed out and by whom, factor and password changes, support sessions and everything they did; newest first (cursor paging)",
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
          items: items.flatMap((row) => itemOf(row, auth.user.id)),
          nextCursor: rows.length > query.limit && last ? encodeSeqCursor(last.seq) : null,
        };
      },
    ),
  ];
}
