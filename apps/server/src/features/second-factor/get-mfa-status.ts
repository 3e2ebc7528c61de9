import { mfaStatusResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { mfaStatus } from '../../identity/index.js';

/** A signed-in user reads whether their TOTP is on and how many recovery codes are left. */
export const getMfaStatus: Route = defineRoute(
  {
    method: 'get',
    path: '/security/mfa',
    tag: 'mfa',
    access: 'session',
    summary: 'Whether TOTP is on, and how many recovery codes are left',
    response: mfaStatusResponseSchema,
  },
  ({ db, auth }) => mfaStatus(db, auth),
);
