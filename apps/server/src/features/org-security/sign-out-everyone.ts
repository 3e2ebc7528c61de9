/**
 * The owner (ORG_SECURITY_EDIT), after a fresh step-up, signs out everyone in the org, keeping
 * their own session or not; a support session never may.
 */
import { orgSessionsRevokeRequestSchema, revokedCountResponseSchema } from '@gatehouse/shared';
import { clearSessionCookie } from '../../http/cookies.js';
import { defineRoute, type Route } from '../../http/route.js';
import { revokeOrgSessions } from '../../identity/index.js';

export const signOutEveryone: Route = defineRoute(
  {
    method: 'post',
    path: '/org/security/revoke-sessions',
    impersonation: 'never',
    tag: 'org',
    access: 'session',
    permission: 'ORG_SECURITY_EDIT',
    stepUp: 'ORG_SESSIONS_REVOKE',
    stepUpDescription: ({ body }) =>
      body.scope === 'others' ? 'Sign out everyone except you' : 'Sign out everyone, including you',
    summary: 'Sign out everyone in the org, except the caller ("others") or including them',
    body: orgSessionsRevokeRequestSchema,
    response: revokedCountResponseSchema,
    audit: 'ORG_SESSIONS_REVOKED',
  },
  async ({ db, auth, body, audit, res, now, afterCommit, deps }) => {
    const keep = body.scope === 'others' ? auth.session.id : null;
    const revoked = await revokeOrgSessions(db, auth.org.id, keep, {
      revokedBy: auth.user.id,
      now,
    });
    audit.set({
      targetType: 'org',
      targetId: auth.org.id,
      metadata: { scope: body.scope, revoked },
    });
    if (body.scope === 'all') afterCommit(() => clearSessionCookie(res, deps.config));
    return { revoked };
  },
);
