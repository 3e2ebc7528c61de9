import { totpSetupResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { secondFactorConflict as conflict, currentUser, setUpTotp } from '../../identity/index.js';

/**
 * A signed-in user starts TOTP enrolment after a fresh step-up and gets a new key; never in a
 * support session, and 409 when TOTP is already on.
 */
export const startTotpSetup: Route = defineRoute(
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
  ({ db, auth, deps }) => setUpTotp(db, deps.keys, auth),
);
