import {
  ACTIONS_ON_PEOPLE,
  bulkRevokeRequestSchema,
  bulkRevokeResponseSchema,
  forceLogoutRequestSchema,
  forceLogoutResponseSchema,
  orgSessionsQuerySchema,
  orgSessionsResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import { AppError, notFound } from '../../http/errors.js';
import { sessionOf } from '../../http/principal.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  actionableMember,
  endUserAccess,
  lockLiveSessionInOrg,
  revokeSessions,
  signSessionOut,
} from '../../identity/index.js';
import { countMatching, matchingIdsForUpdate } from './queries.js';
import { orgSessions, viewerOf } from './service.js';

const userParamsSchema = z.object({ id: z.uuid() });
const sessionParamsSchema = z.object({ id: z.uuid() });

export function adminRoutes(): Route[] {
  return [
    defineRoute(
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
    ),
    defineRoute(
      {
        method: 'post',
        path: '/admin/sessions/revoke',
        impersonation: 'never',
        tag: 'admin',
        access: 'session',
        permission: 'SETTINGS_SECURITY_EDIT',
        summary:
          'Sign out every session a filter matches (never your own); expectedCount must be the count you were shown',
        body: bulkRevokeRequestSchema,
        load: async ({ db, auth, body, now }) => {
          const { expectedCount, ...filter } = body;
          const matching = await countMatching(db, auth.org.id, filter, now, viewerOf(auth));
          if (matching !== expectedCount) {
            throw new AppError(
              'CONFLICT',
              `The filter now matches ${matching} session(s), not ${expectedCount}: check again`,
              { matching },
            );
          }
          return filter;
        },
        stepUp: 'ORG_SESSIONS_REVOKE',
        stepUpDescription: ({ body }) =>
          `Sign out ${body.expectedCount === 1 ? '1 session' : `${body.expectedCount} sessions`}`,
        response: bulkRevokeResponseSchema,
        audit: 'SESSIONS_BULK_REVOKED',
      },
      async ({ db, auth, target: filter, audit, now }) => {
        const ids = await matchingIdsForUpdate(db, auth.org.id, filter, now, viewerOf(auth));
        const revoked = await revokeSessions(db, ids, {
          reason: 'admin_revoked',
          revokedBy: auth.user.id,
          now,
        });
        audit.set({ targetType: 'org', targetId: auth.org.id, metadata: { filter, revoked } });
        return { revoked };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/users/:id/force-logout',
        impersonation: ACTIONS_ON_PEOPLE.FORCE_LOGOUT.supportSession,
        tag: 'admin',
        access: 'session-or-token',
        permission: 'SETTINGS_SECURITY_EDIT',
        token: 'sessions:write',
        summary:
          'End all access of a user in your org, on every instance: their sessions, the support sessions they opened, step-up grants, pending sign-ins and the API tokens they created; an optional reason is recorded and shown to the user',
        params: userParamsSchema,
        body: forceLogoutRequestSchema,
        load: ({ db, auth, params, audit }) => {
          audit.set({ targetType: 'user', targetId: params.id });
          return actionableMember(db, auth, params.id, 'FORCE_LOGOUT');
        },
        stepUp: 'FORCE_LOGOUT',
        stepUpDescription: (_input, target) => `Sign ${target.name} out of every device`,
        response: forceLogoutResponseSchema,
        audit: 'FORCE_LOGOUT',
      },
      async ({ db, auth, body, target, audit, now }) => {
        const admin = sessionOf(auth)?.user;
        const revokedBy = admin?.id ?? null;
        // An empty reason is none.
        const note = body.reason || undefined;
        const { ended } = await endUserAccess(db, target, {
          reason: 'forced_logout',
          revokedBy,
          now,
          ...(note ? { note } : {}),
        });
        const revoked = ended.sessions.count;
        audit.set({ metadata: { revoked, ended, ...(note ? { reason: note } : {}) } });
        return { success: true as const, revoked };
      },
    ),
    defineRoute(
      {
        method: 'delete',
        path: '/admin/sessions/:id',
        tag: 'admin',
        access: 'token',
        token: 'sessions:write',
        summary:
          "End one live session of the token's org, on every instance (another org's session is 404)",
        params: sessionParamsSchema,
        load: async ({ db, auth, params, audit, now }) => {
          audit.set({ targetType: 'session', targetId: params.id });
          const session = await lockLiveSessionInOrg(db, params.id, auth.org.id, now);
          if (!session) throw notFound('Session');
          return session;
        },
        audit: 'SESSION_REVOKED',
      },
      async ({ db, target, audit, now }) => {
        audit.set({ metadata: { userId: target.userId, device: target.device?.label ?? null } });
        await signSessionOut(db, target, { reason: 'admin_revoked', revokedBy: null, now });
      },
    ),
  ];
}
