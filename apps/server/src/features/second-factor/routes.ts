import {
  mfaStatusResponseSchema,
  recoveryCodesResponseSchema,
  successResponseSchema,
  totpEnableRequestSchema,
  totpSetupResponseSchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { setSessionCookie } from '../../http/cookies.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  secondFactorConflict as conflict,
  currentUser,
  disableTotp,
  enableTotp,
  mfaStatus,
  replaceRecoveryCodes,
  setUpTotp,
} from '../../identity/index.js';

export function secondFactorRoutes({ config, keys }: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/security/mfa',
        tag: 'mfa',
        access: 'session',
        summary: 'Whether TOTP is on, and how many recovery codes are left',
        response: mfaStatusResponseSchema,
      },
      ({ db, auth }) => mfaStatus(db, auth),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/mfa/totp/setup',
        impersonation: 'never',
        tag: 'mfa',
        access: 'session',
        summary: 'Start TOTP enrolment: key, otpauth:// URI and QR code (SVG)',
        load: async ({ db, auth }) => {
          if ((await currentUser(db, auth)).totpEnabled)
            throw conflict('Two-factor authentication is already on');
        },
        stepUp: 'MFA_CHANGE',
        response: totpSetupResponseSchema,
      },
      ({ db, auth }) => setUpTotp(db, keys, auth),
    ),
    defineRoute(
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
      async ({ db, auth, body, target, res, audit, now, onFailure, afterCommit }) => {
        audit.set({ targetType: 'user', targetId: auth.user.id, metadata: { method: 'totp' } });
        const enabled = await enableTotp(db, keys, auth, target, {
          code: body.code,
          now,
          onFailure,
        });
        afterCommit(() =>
          setSessionCookie(res, config, enabled.token, auth.session.absoluteExpiresAt),
        );
        return { recoveryCodes: enabled.recoveryCodes };
      },
    ),
    defineRoute(
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
    ),
    defineRoute(
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
      async ({ db, auth, audit, now }) => {
        audit.set({ targetType: 'user', targetId: auth.user.id });
        const recoveryCodes = await replaceRecoveryCodes(db, keys, auth.user.id, now);
        return { recoveryCodes };
      },
    ),
  ];
}
