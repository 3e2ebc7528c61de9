/**
 * A signed-in user ("Stay signed in") slides this session's idle window forward from now; a
 * support session may too. The absolute expiry never moves.
 */
import { refreshResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { SESSION_IDLE_EXPIRES_HEADER, touchSession } from '../../identity/index.js';
import { toCurrentSessionDTO } from './dto.js';

export const staySignedIn: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/refresh',
    impersonation: 'always',
    tag: 'auth',
    access: 'session',
    summary: 'Slide the idle window ("Stay signed in")',
    response: refreshResponseSchema,
  },
  async ({ db, auth, res, now, deps, afterCommit }) => {
    const session = await touchSession(db, auth.session, now);
    afterCommit(() => deps.sessionCache.updateSession(session));
    res.setHeader(SESSION_IDLE_EXPIRES_HEADER, session.idleExpiresAt.toISOString());
    return { session: toCurrentSessionDTO(session) };
  },
);
