import { registrationOptionsSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { registrationOptions, relyingPartyOf } from '../../identity/index.js';

/**
 * A signed-in user, after a fresh step-up, gets the options to create a passkey (resident key
 * preferred, user verification required); never in a support session.
 */
export const startPasskeyRegistration: Route = defineRoute(
  {
    method: 'post',
    path: '/security/passkeys/register/options',
    impersonation: 'never',
    tag: 'passkeys',
    access: 'session',
    summary: 'Options to create a passkey (resident key preferred, user verification required)',
    stepUp: 'MFA_CHANGE',
    response: registrationOptionsSchema,
  },
  ({ db, auth, now, deps }) =>
    registrationOptions(db, relyingPartyOf(deps.config.appUrl), auth, now),
);
