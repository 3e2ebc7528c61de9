import { cleanupResponseSchema } from '@gatehouse/shared';
import { forbidden } from '../../http/errors.js';
import { sessionOf } from '../../http/principal.js';
import { defineRoute, type Route } from '../../http/route.js';
import { purgeOrgExpiredSessions } from '../../identity/index.js';

/**
 * An owner, or an API token with sessions:write, purges the org's expired sessions now; any other
 * role is 403. Other orgs' expired sessions are the sweeper's.
 */
export const cleanUpExpiredSessions: Route = defineRoute(
  {
    method: 'post',
    path: '/admin/sessions/cleanup',
    tag: 'sessions',
    access: 'session-or-token',
    token: 'sessions:write',
    summary:
      "Purge the org's expired sessions now (owner, or a token with sessions:write); other orgs' are the sweeper's",
    load: async ({ auth }) => {
      const session = sessionOf(auth);
      if (session && session.user.role !== 'owner') throw forbidden();
    },
    response: cleanupResponseSchema,
    audit: 'SESSIONS_CLEANED_UP',
  },
  async ({ db, auth, audit, now }) => {
    const deleted = await purgeOrgExpiredSessions(db, auth.org.id, now);
    audit.set({ metadata: { deleted } });
    return { deleted };
  },
);
