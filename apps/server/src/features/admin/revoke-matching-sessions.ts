import { bulkRevokeRequestSchema, bulkRevokeResponseSchema } from '@gatehouse/shared';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { revokeSessions } from '../../identity/index.js';
import { countMatching, matchingIdsForUpdate } from './queries.js';
import { viewerOf } from './service.js';

/**
 * A security admin (SETTINGS_SECURITY_EDIT, after step-up ORG_SESSIONS_REVOKE) signs out every
 * live session a filter matches: never their own, and for an admin never an owner's. Refused from
 * a support session, and 409 CONFLICT when the filter no longer matches the count they were
 * shown.
 */
export const revokeMatchingSessions: Route = defineRoute(
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
);
