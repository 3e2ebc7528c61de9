import {
  ACTIONS_ON_PEOPLE,
  idParamsSchema,
  revokeSessionResponseSchema,
  targetRoleMatters,
} from '@gatehouse/shared';
import { REVOKED_SESSION } from '../../alerts/index.js';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { clearSessionCookie } from '../../http/cookies.js';
import { forbidden, notFound } from '../../http/errors.js';
import { actorOf, assertMayActOn } from '../../http/may-act-on.js';
import { defineRoute, type Route } from '../../http/route.js';
import { lockLiveSessionInOrg, signSessionOut, userInOrg } from '../../identity/index.js';

/**
 * A signed-in user signs out one live session, after a fresh step-up: their own, or with
 * SETTINGS_SECURITY_EDIT anyone's in their org (an organisation-settings step-up). An admin cannot
 * sign an owner out (403); another org's session, one that ended or one the caller may not touch
 * is 404. Signing out this very session clears its cookie. The holder's alert is a reaction to
 * SESSION_REVOKED (`alerts/reactions.ts`).
 */
export const revokeSession: Route = defineRoute(
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
  async ({ db, auth, target, res, audit, now, afterCommit, deps }) => {
    audit.set({ metadata: { userId: target.userId, device: target.device?.label ?? null } });
    audit.hand(REVOKED_SESSION, target);
    const own = target.userId === auth.user.id;
    await signSessionOut(db, target, {
      reason: own ? 'user_revoked' : 'admin_revoked',
      revokedBy: auth.user.id,
      now,
    });
    if (target.id !== auth.session.id) return { success: true as const };
    afterCommit(() => clearSessionCookie(res, deps.config));
    return { success: true as const, currentRevoked: true as const };
  },
);

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
