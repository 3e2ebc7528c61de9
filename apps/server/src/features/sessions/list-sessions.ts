import { sessionsListResponseSchema, sessionsQuerySchema } from '@gatehouse/shared';
import { forbidden, notFound } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { liveSessionsOf, toSessionDTO, userInOrg } from '../../identity/index.js';

/**
 * A signed-in user lists their own live sessions, this device first; with SETTINGS_SECURITY_VIEW,
 * those of another user in their org. A user of another org is 404, one of the same org without
 * the permission 403.
 */
export const listSessions: Route = defineRoute(
  {
    method: 'get',
    path: '/security/sessions',
    tag: 'sessions',
    access: 'session',
    summary:
      'Live sessions of the caller (or, with SETTINGS_SECURITY_VIEW, of a user in their org)',
    query: sessionsQuerySchema,
    response: sessionsListResponseSchema,
  },
  async ({ db, auth, query, now }) => {
    const userId = query.userId ?? auth.user.id;
    if (userId !== auth.user.id) {
      if (!(await userInOrg(db, userId, auth.org.id))) throw notFound('User');
      if (!auth.permissions.includes('SETTINGS_SECURITY_VIEW')) throw forbidden();
    }
    const rows = await liveSessionsOf(db, userId, now);
    // This device first, then the others by last seen (issue 20): a stable sort keeps their order.
    const sorted = rows.toSorted(
      (a, b) => Number(b.session.id === auth.session.id) - Number(a.session.id === auth.session.id),
    );
    return {
      sessions: sorted.map((r) => toSessionDTO(r.session, auth.session.id, r.impersonatorName)),
      currentSessionId: auth.session.id,
    };
  },
);
