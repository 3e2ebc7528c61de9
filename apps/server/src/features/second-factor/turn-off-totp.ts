import { successResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import {
  secondFactorConflict as conflict,
  currentUser,
  disableTotp,
} from '../../identity/index.js';

/**
 * A signed-in user turns TOTP off after a fresh step-up, deleting their recovery codes; never in
 * a support session, and 409 when it is off already. The user's alert is a reaction to
 * MFA_DISABLED (`reactions.ts`).
 */
export const turnOffTotp: Route = defineRoute(
  {
    method: 'post',
    path: '/security/mfa/totp/disable',
    impersonation: 'never',
    tag: 'mfa',
    access: 'session',
    summary: 'Turn TOTP off and delete the recovery codes',
    load: async ({ db, auth }) => {
      if (!(await currentUser(db, auth)).totpEnabled)
        throw conflict('Two-factor authentication is already off');
    },
    stepUp: 'MFA_DISABLE',
    response: successResponseSchema,
    audit: 'MFA_DISABLED',
  },
  async ({ db, auth, audit, now }) => {
    audit.set({ targetType: 'user', targetId: auth.user.id, metadata: { method: 'totp' } });
    await disableTotp(db, auth, now);
    return { success: true as const };
  },
);
