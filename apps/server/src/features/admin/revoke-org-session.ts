import { z } from 'zod';
import { REVOKED_SESSION } from '../../alerts/index.js';
import { notFound } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { lockLiveSessionInOrg, signSessionOut } from '../../identity/index.js';

const sessionParamsSchema = z.object({ id: z.uuid() });

/**
 * An API token with sessions:write ends one live session of its org, on every instance; the
 * holder is alerted (the alerts' reaction to SESSION_REVOKED). Another org's session, or one that
 * already ended, is 404.
 */
export const revokeOrgSession: Route = defineRoute(
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
    audit.hand(REVOKED_SESSION, target);
    await signSessionOut(db, target, { reason: 'admin_revoked', revokedBy: null, now });
  },
);
