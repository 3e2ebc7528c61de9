import {
  ACTIONS_ON_PEOPLE,
  forceLogoutRequestSchema,
  forceLogoutResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import { sessionOf } from '../../http/principal.js';
import { defineRoute, type Route } from '../../http/route.js';
import { actionableMember, endUserAccess } from '../../identity/index.js';

const userParamsSchema = z.object({ id: z.uuid() });

/**
 * A security admin (SETTINGS_SECURITY_EDIT, after step-up FORCE_LOGOUT), or an API token with
 * sessions:write, ends all access of a user of the org with an optional reason; the user is
 * alerted (the reaction to FORCE_LOGOUT). Refused on an owner for an admin (403), on yourself
 * (409), for another org's user (404) and from a support session.
 */
export const forceLogout: Route = defineRoute(
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
);
