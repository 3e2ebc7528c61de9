import { recoveryCodesResponseSchema, totpEnableRequestSchema } from '@gatehouse/shared';
import { setSessionCookie } from '../../http/cookies.js';
import { defineRoute, type Route } from '../../http/route.js';
import { secondFactorConflict as conflict, currentUser, enableTotp } from '../../identity/index.js';

/**
 * A signed-in user finishes TOTP enrolment with a code from the new key, after a fresh step-up,
 * and gets 10 recovery codes once (the session's cookie is renewed). Never in a support session;
 * 409 when TOTP is on already or the setup was not started; a wrong code counts toward the lock.
 * The user's alert is a reaction to MFA_ENROLLED (`reactions.ts`).
 */
export const finishTotpSetup: Route = defineRoute(
  {
    method: 'post',
    path: '/security/mfa/totp/enable',
    impersonation: 'never',
    tag: 'mfa',
    access: 'session',
    summary: 'Finish enrolment with a code; returns 10 single-use recovery codes once',
    body: totpEnableRequestSchema,
    load: async ({ db, auth }) => {
      const user = await currentUser(db, auth);
      if (user.totpEnabled) throw conflict('Two-factor authentication is already on');
      if (!user.totpPendingSecretEnc) throw conflict('Start the setup first');
      return { user, sealedSecret: user.totpPendingSecretEnc };
    },
    stepUp: 'MFA_CHANGE',
    response: recoveryCodesResponseSchema,
    audit: 'MFA_ENROLLED',
  },
  async ({ db, auth, body, target, res, audit, now, onFailure, afterCommit, deps }) => {
    audit.set({ targetType: 'user', targetId: auth.user.id, metadata: { method: 'totp' } });
    const enabled = await enableTotp(db, deps.keys, auth, target, {
      code: body.code,
      now,
      onFailure,
    });
    afterCommit(() =>
      setSessionCookie(res, deps.config, enabled.token, auth.session.absoluteExpiresAt),
    );
    return { recoveryCodes: enabled.recoveryCodes };
  },
);
