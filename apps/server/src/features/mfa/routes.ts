import {
  mfaStatusResponseSchema,
  recoveryCodesResponseSchema,
  totpEnableRequestSchema,
  totpSetupResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  disableTotp,
  enableTotp,
  mfaStatus,
  regenerateRecoveryCodes,
  setUpTotp,
} from './service.js';

const successSchema = z.object({ success: z.literal(true) });

export function mfaRoutes({ db, config }: AppDeps): Route[] {
  const target = (userId: string) => ({ targetType: 'user', targetId: userId });
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
      ({ auth }) => mfaStatus(db, auth),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/mfa/totp/setup',
        tag: 'mfa',
        access: 'session',
        stepUp: 'MFA_CHANGE',
        summary: 'Start TOTP enrolment: key, otpauth:// URI and QR code (SVG)',
        response: totpSetupResponseSchema,
      },
      ({ auth }) => setUpTotp(db, config.appSecret, auth),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/mfa/totp/enable',
        tag: 'mfa',
        access: 'session',
        stepUp: 'MFA_CHANGE',
        summary: 'Finish enrolment with a code; returns 10 single-use recovery codes once',
        body: totpEnableRequestSchema,
        response: recoveryCodesResponseSchema,
        audit: 'MFA_ENROLLED',
      },
      async ({ auth, body, audit, now }) => {
        Object.assign(audit, target(auth.user.id), { metadata: { method: 'totp' } });
        return { recoveryCodes: await enableTotp(db, config.appSecret, auth, body.code, now) };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/mfa/totp/disable',
        tag: 'mfa',
        access: 'session',
        stepUp: 'MFA_DISABLE',
        summary: 'Turn TOTP off and delete the recovery codes',
        response: successSchema,
        audit: 'MFA_DISABLED',
      },
      async ({ auth, audit }) => {
        Object.assign(audit, target(auth.user.id), { metadata: { method: 'totp' } });
        await disableTotp(db, auth);
        return { success: true as const };
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/mfa/recovery-codes',
        tag: 'mfa',
        access: 'session',
        stepUp: 'RECOVERY_CODES',
        summary: 'Replace every recovery code; the new ones are shown once',
        response: recoveryCodesResponseSchema,
        audit: 'RECOVERY_CODES_REGENERATED',
      },
      async ({ auth, audit, now }) => {
        Object.assign(audit, target(auth.user.id));
        return { recoveryCodes: await regenerateRecoveryCodes(db, config.appSecret, auth, now) };
      },
    ),
  ];
}
