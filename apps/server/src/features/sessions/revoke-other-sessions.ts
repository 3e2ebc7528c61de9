import { revokeOthersResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { revokeOtherSessions as signOthersOut } from '../../identity/index.js';

/**
 * A signed-in user signs out every other device of theirs after a fresh step-up, keeping this
 * session; another user's sessions are never touched.
 */
export const revokeOtherSessions: Route = defineRoute(
  {
    method: 'post',
    path: '/security/sessions/revoke-others',
    tag: 'sessions',
    access: 'session',
    summary: 'Sign out every other device',
    stepUp: 'REVOKE_ALL_OTHER_SESSIONS',
    stepUpDescription: () => 'Sign out all your other devices',
    response: revokeOthersResponseSchema,
    audit: 'SESSION_REVOKE_ALL',
  },
  async ({ db, auth, audit, now }) => {
    const revoked = await signOthersOut(db, auth.user.id, auth.session.id, {
      reason: 'user_revoked_others',
      revokedBy: auth.user.id,
      now,
    });
    audit.set({
      targetType: 'user',
      targetId: auth.user.id,
      metadata: { revoked, kept: auth.session.id },
    });
    return { success: true as const, revoked };
  },
);
