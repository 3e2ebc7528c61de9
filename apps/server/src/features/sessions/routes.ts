import {
  cleanupResponseSchema,
  idParamsSchema,
  orgSessionsResponseSchema,
  revokeOthersResponseSchema,
  revokeSessionResponseSchema,
  sessionsListResponseSchema,
  sessionsQuerySchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { clearSessionCookie } from '../../http/cookies.js';
import { forbidden } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { purgeExpiredSessions } from '../../jobs/sweeper.js';
import { toSessionDTO } from './dto.js';
import { liveOrgSessions } from './queries.js';
import { listSessionsFor, revokeAllOthers, revokeOne } from './service.js';

export function sessionRoutes(deps: AppDeps): Route[] {
  const { db, config } = deps;
  return [
    defineRoute(
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
      async ({ auth, query, now }) => {
        const rows = await listSessionsFor(db, auth, query.userId, now);
        return {
          sessions: rows.map((r) => toSessionDTO(r, auth.session.id)),
          currentSessionId: auth.session.id,
        };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/sessions/:id/revoke',
        tag: 'sessions',
        access: 'session',
        summary: 'Revoke one session (step-up REVOKE_SESSION)',
        params: idParamsSchema,
        response: revokeSessionResponseSchema,
        audit: 'SESSION_REVOKED',
      },
      async ({ auth, params, res, audit, now }) => {
        Object.assign(audit, { targetType: 'session', targetId: params.id });
        const target = await revokeOne(db, auth, params.id, now);
        audit.metadata = { userId: target.userId, device: target.device?.label ?? null };
        if (target.id !== auth.session.id) return { success: true };
        clearSessionCookie(res, config);
        return { success: true, currentRevoked: true };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/sessions/revoke-others',
        tag: 'sessions',
        access: 'session',
        summary: 'Sign out every other device (step-up REVOKE_ALL_OTHER_SESSIONS)',
        stepUp: 'REVOKE_ALL_OTHER_SESSIONS',
        response: revokeOthersResponseSchema,
        audit: 'SESSION_REVOKE_ALL',
      },
      async ({ auth, audit, now }) => {
        const revoked = await revokeAllOthers(db, auth, now);
        Object.assign(audit, {
          targetType: 'user',
          targetId: auth.user.id,
          metadata: { revoked, kept: auth.session.id },
        });
        return { success: true, revoked };
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/admin/sessions',
        tag: 'sessions',
        access: 'session',
        permission: 'SETTINGS_SECURITY_VIEW',
        summary: 'Live sessions across the org',
        response: orgSessionsResponseSchema,
      },
      async ({ auth, now }) => {
        const rows = await liveOrgSessions(db, auth.org.id, now);
        return {
          sessions: rows.map(({ session, user }) => ({
            ...toSessionDTO(session, auth.session.id),
            user,
          })),
        };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/admin/sessions/cleanup',
        tag: 'sessions',
        access: 'session',
        summary: 'Purge expired sessions now (owner)',
        response: cleanupResponseSchema,
        audit: 'SESSIONS_CLEANED_UP',
      },
      async ({ auth, audit, now }) => {
        if (auth.user.role !== 'owner') throw forbidden();
        const deleted = await purgeExpiredSessions(db, now);
        audit.metadata = { deleted };
        return { deleted };
      },
    ),
  ];
}
