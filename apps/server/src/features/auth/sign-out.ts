/**
 * A signed-in user ends their own browser session, from any network (even one the org's IP
 * rules block). A support session cannot: it ends with its own exit.
 */
import { clearSessionCookie } from '../../http/cookies.js';
import { defineRoute, type Route } from '../../http/route.js';
import { revokeSession } from '../../identity/index.js';

export const signOut: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/logout',
    // A blocked network can still sign out.
    anyNetwork: true,
    impersonation: 'never',
    tag: 'auth',
    access: 'session',
    summary: 'Sign out this session',
    audit: 'LOGOUT',
  },
  async ({ db, auth, res, audit, now, deps, afterCommit }) => {
    audit.set({ targetType: 'session', targetId: auth.session.id });
    await revokeSession(db, auth.session.id, {
      reason: 'logout',
      revokedBy: auth.user.id,
      now,
    });
    afterCommit(() => clearSessionCookie(res, deps.config));
  },
);
