import type { PageQuery } from '@gatehouse/shared';
import { pageQuerySchema, teamListResponseSchema } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';
import { teamPage } from './queries.js';
import { toTeamMember } from './service.js';

/**
 * A team viewer (SETTINGS_TEAM_VIEW), or an API token with users:read, lists the org's users with
 * role, MFA, live sessions and last activity, oldest first, a page at a time; nothing of another
 * org.
 */
export const listTeamMembers: Route = defineRoute(
  {
    method: 'get',
    path: '/admin/users',
    tag: 'team',
    access: 'session-or-token',
    permission: 'SETTINGS_TEAM_VIEW',
    token: 'users:read',
    summary: "The org's users with role, MFA, live sessions and last activity (cursor paging)",
    query: pageQuerySchema,
    response: teamListResponseSchema,
  },
  ({ db, auth, query, now }) => listTeam(db, auth.org.id, query, now),
);

/** One page of the org's users, oldest first, with their live sessions and last activity. */
async function listTeam(db: Executor, orgId: string, page: PageQuery, now: Date) {
  const rows = await teamPage(db, orgId, {
    now,
    limit: page.limit + 1,
    cursor: decodeCursor(page.cursor),
  });
  const { items, nextCursor } = pageOf(rows, page.limit, (r) => ({
    at: r.user.createdAt,
    id: r.user.id,
  }));
  const users = items.map(({ user, ...activity }) => toTeamMember(user, activity));
  return { users, nextCursor };
}
