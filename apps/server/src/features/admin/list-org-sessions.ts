import {
  type OrgSessionsFilter,
  orgSessionsQuerySchema,
  orgSessionsResponseSchema,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import type { Principal } from '../../http/principal.js';
import { defineRoute, type Route } from '../../http/route.js';
import { toSessionDTO } from '../../identity/index.js';
import { countMatching, orgSessionsPage } from './queries.js';
import { viewerOf } from './service.js';

/**
 * A security viewer (SETTINGS_SECURITY_VIEW), or an API token with sessions:read, lists the org's
 * live sessions, most recently seen first, filtered by user, device type, country or days unseen,
 * with how many "Sign out all matching" would end; nothing of another org.
 */
export const listOrgSessions: Route = defineRoute(
  {
    method: 'get',
    path: '/admin/sessions',
    tag: 'admin',
    access: 'session-or-token',
    permission: 'SETTINGS_SECURITY_VIEW',
    token: 'sessions:read',
    summary:
      'Live sessions across the org, most recently seen first; filter by user, device type, country, not seen for N days',
    query: orgSessionsQuerySchema,
    response: orgSessionsResponseSchema,
  },
  ({ db, auth, query, now }) => orgSessions(db, auth, query, now),
);

/** One page of the org's sessions, and how many "Sign out all matching" would end. */
async function orgSessions(
  db: Executor,
  auth: Principal,
  query: OrgSessionsFilter & { cursor?: string | undefined; limit: number },
  now: Date,
) {
  const { cursor, limit, ...filter } = query;
  const rows = await orgSessionsPage(db, auth.org.id, {
    filter,
    now,
    limit: limit + 1,
    cursor: decodeCursor(cursor),
  });
  const { items, nextCursor } = pageOf(rows, limit, (r) => ({
    at: r.session.lastSeenAt,
    id: r.session.id,
  }));
  return {
    sessions: items.map(({ session, user, impersonatorName }) => ({
      ...toSessionDTO(session, viewerOf(auth).sessionId ?? '', impersonatorName),
      user,
    })),
    nextCursor,
    matching: await countMatching(db, auth.org.id, filter, now, viewerOf(auth)),
  };
}
