import {
  ACTIONS_ON_PEOPLE,
  cleanupResponseSchema,
  idParamsSchema,
  revokeOthersResponseSchema,
  revokeSessionResponseSchema,
  sessionsListResponseSchema,
  sessionsQuerySchema,
  targetRoleMatters,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import type { AuthContext } from '../../http/auth-context.js';
import { clearSessionCookie } from '../../http/cookies.js';
import { forbidden, notFound } from '../../http/errors.js';
import { actorOf, assertMayActOn } from '../../http/may-act-on.js';
import { sessionOf } from '../../http/principal.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  liveSessionsOf,
  lockLiveSessionInOrg,
  purgeOrgExpiredSessions,
  revokeOtherSessions,
  signSessionOut,
  toSessionDTO,
  userInOrg,
} from '../../identity/index.js';

/**
 * The live session the caller may revoke: their own, or (with SETTINGS_SECURITY_EDIT) any in
 * their org. Another org's session, one that already ended, or one the caller may not touch is
 * 404 — before any step-up.
 */
async function revocableSession(db: Executor, auth: AuthContext, id: string, now: Date) {
  const target = await lockLiveSessionInOrg(db, id, auth.org.id, now);
  if (!target) throw notFound('Session');
  // Whose session it is (its holder's role only where the policy needs it: an owner may sign
  // anyone out). An admin cannot sign an owner out (DESIGN §6), one session or all of them.
  const holder =
    target.userId === auth.user.id
      ? auth.user
      : targetRoleMatters(actorOf(auth), 'REVOKE_SESSION')
        ? await userInOrg(db, target.userId, auth.org.id)
        : { id: target.userId };
  assertMayActOn(auth, 'REVOKE_SESSION', holder ?? { id: target.userId }, {
    refusals: {
      missing_permission: () => notFound('Session'),
      owner_out_of_reach: () => forbidden('An admin cannot sign out an owner'),
    },
  });
  return target;
}

export function sessionRoutes({ config }: AppDeps): Route[] {
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
      async ({ db, auth, query, now }) => {
        const userId = query.userId ?? auth.user.id;
        if (userId !== auth.user.id) {
          if (!(await userInOrg(db, userId, auth.org.id))) throw notFound('User');
          if (!auth.permissions.includes('SETTINGS_SECURITY_VIEW')) throw forbidden();
        }
        const rows = await liveSessionsOf(db, userId, now);
        // This device first, then the others by last seen (issue 20): a stable sort keeps their order.
        const sorted = rows.toSorted(
          (a, b) =>
            Number(b.session.id === auth.session.id) - Number(a.session.id === auth.session.id),
        );
        return {
          sessions: sorted.map((r) => toSessionDTO(r.session, auth.session.id, r.impersonatorName)),
          currentSessionId: auth.session.id,
        };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/sessions/:id/revoke',
        impersonation: ACTIONS_ON_PEOPLE.REVOKE_SESSION.supportSession,
        tag: 'sessions',
        access: 'session',
        summary: 'Revoke one session: your own, or any in the org with SETTINGS_SECURITY_EDIT',
        params: idParamsSchema,
        load: ({ db, auth, params, audit, now }) => {
          audit.set({ targetType: 'session', targetId: params.id });
          return revocableSession(db, auth, params.id, now);
        },
        stepUp: 'REVOKE_SESSION',
        // Another user's session is an organisation-settings action (DESIGN §5); your own is not.
        stepUpOrgSettings: ({ auth }, target) => target.userId !== auth.user.id,
        stepUpDescription: async ({ db, auth }, target) => {
          const device = target.device?.label ?? 'an unknown device';
          if (target.id === auth.session.id) return `Sign out this device (${device})`;
          if (target.userId === auth.user.id) return `Sign out your session on ${device}`;
          const holder = await userInOrg(db, target.userId, auth.org.id);
          return `Sign out ${holder?.name ?? 'a user'} on ${device}`;
        },
        response: revokeSessionResponseSchema,
        audit: 'SESSION_REVOKED',
      },
      async ({ db, auth, target, res, audit, now, afterCommit }) => {
        audit.set({ metadata: { userId: target.userId, device: target.device?.label ?? null } });
        const own = target.userId === auth.user.id;
        await signSessionOut(db, target, {
          reason: own ? 'user_revoked' : 'admin_revoked',
          revokedBy: auth.user.id,
          now,
        });
        if (target.id !== auth.session.id) return { success: true as const };
        afterCommit(() => clearSessionCookie(res, config));
        return { success: true as const, currentRevoked: true as const };
      },
    ),
    defineRoute(
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
        const revoked = await revokeOtherSessions(db, auth.user.id, auth.session.id, {
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
    ),
    defineRoute(
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
    ),
  ];
}
