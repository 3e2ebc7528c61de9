import { recoveryCodesResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import {
  secondFactorConflict as conflict,
  currentUser,
  replaceRecoveryCodes,
} from '../../identity/index.js';

/**
 * A signed-in user with TOTP on replaces every recovery code after a fresh step-up; the new ones
 * are shown once. Never in a support session; 409 while TOTP is off. The user's alert is a
 * reaction to RECOVERY_CODES_REGENERATED (`reactions.ts`).
 */
export const regenerateRecoveryCodes: Route = defineRoute(
  {
    method: 'post',
    path: '/security/mfa/recovery-codes',
    impersonation: 'never',
    tag: 'mfa',
    access: 'session',
    summary: 'Replace every recovery code; the new ones are shown once',
    load: async ({ db, auth }) => {
      if (!(await currentUser(db, auth)).totpEnabled)
        throw conflict('Turn on two-factor authentication first');
    },
    stepUp: 'RECOVERY_CODES',
    response: recoveryCodesResponseSchema,
    audit: 'RECOVERY_CODES_REGENERATED',
  },
  async ({ db, auth, audit, now, deps }) => {
    audit.set({ targetType: 'user', targetId: auth.user.id });
    const recoveryCodes = await replaceRecoveryCodes(db, deps.keys, auth.user.id, now);
    return { recoveryCodes };
  },
);
