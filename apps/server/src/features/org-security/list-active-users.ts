/** The owner (ORG_SECURITY_EDIT) pages through who is signed in to the org; anyone else is 403. */
import { activeUsersResponseSchema, pageQuerySchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { activeUsersPage } from './service.js';

export const listActiveUsers: Route = defineRoute(
  {
    method: 'get',
    path: '/org/security/active-users',
    tag: 'org',
    access: 'session',
    permission: 'ORG_SECURITY_EDIT',
    summary: 'People signed in to the org, most recent sign-in first (cursor paging)',
    query: pageQuerySchema,
    response: activeUsersResponseSchema,
  },
  ({ db, auth, query, now }) =>
    activeUsersPage(db, auth, {
      now,
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    }),
);
