/**
 * A signed-in user (a browser session, not an API token) reads their own security events, one
 * entry per event, newest first; never another member's.
 */
import { pageQuerySchema, securityActivityResponseSchema } from '@gatehouse/shared';
import { decodeSeqCursor, encodeSeqCursor } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';
import { FOLD_SLACK, foldAlerts, pageEnd } from './fold.js';
import { itemOf } from './items.js';
import { activityOf } from './queries.js';

export const listActivity: Route = defineRoute(
  {
    method: 'get',
    path: '/security/activity',
    tag: 'sessions',
    access: 'session',
    summary:
      "The caller's own security events: sign-ins (and failed ones), sessions signed out and by whom (one entry per event: an alert raised with an event is that entry's `alertType`), factor and password changes, support sessions and everything they did; newest first (cursor paging)",
    query: pageQuerySchema,
    response: securityActivityResponseSchema,
  },
  async ({ db, auth, query }) => {
    const beforeSeq = decodeSeqCursor(query.cursor);
    // A few rows more than the page: an event and its alert stay on one page.
    const rows = await activityOf(
      db,
      { orgId: auth.org.id, userId: auth.user.id },
      { limit: query.limit + FOLD_SLACK, ...(beforeSeq === undefined ? {} : { beforeSeq }) },
    );
    const end = pageEnd(rows, query.limit);
    const page = rows.slice(0, end);
    const last = page[page.length - 1];
    const placed = page.flatMap((row) =>
      itemOf(row, auth.user.id).map((item) => ({ seq: row.seq, at: row.at, item })),
    );
    return {
      items: foldAlerts(placed),
      nextCursor: rows.length > end && last ? encodeSeqCursor(last.seq) : null,
    };
  },
);
