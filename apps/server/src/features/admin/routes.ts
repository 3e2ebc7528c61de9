import {
  bulkRevokeRequestSchema,
  bulkRevokeResponseSchema,
  forceLogoutResponseSchema,
  orgSessionsQuerySchema,
  orgSessionsResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { forceLogoutUser, revokeSessions } from '../sessions/index.js';
import { countMatching, matchingIdsForUpdate } from './queries.js';
import { actionableMember, orgSessions, viewerOf } from './service.js';

const userParamsSchema = z.object({ id: z.uuid() });

export function adminRoutes(_deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/admin/sessions',
        tag: 'admin',
        access: 'session',
        permission: 'SETTINGS_SECURITY_VIEW',
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
        impersonation: 'never',
        tag: 'admin',
        access: 'session',
        permission: 'SETTINGS_SECURITY_EDIT',
        summary:
          'End every session of a user in your org, on every instance; their next request says an administrator signed them out',
        params: userParamsSchema,
        load: ({ db, auth, params, audit }) => {
          audit.set({ targetType: 'user', targetId: params.id });
          return actionableMember(db, auth, params.id);
        },
        stepUp: 'FORCE_LOGOUT',
        response: forceLogoutResponseSchema,
        audit: 'FORCE_LOGOUT',
      },
      async ({ db, auth, target, audit, now }) => {
        const revoked = await forceLogoutUser(db, target.id, { revokedBy: auth.user.id, now });
        audit.set({ metadata: { revoked } });
        return { success: true as const, revoked };
      },
    ),
  ];
}
