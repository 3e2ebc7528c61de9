import { authenticationOptionsSchema, stepUpOptionsRequestSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { relyingPartyOf, stepUpOptions } from '../../identity/index.js';

/**
 * A signed-in user gets passkey assertion options for a step-up, bound to this session and
 * purpose (single use, 5 minutes); never in a support session.
 */
export const startPasskeyStepUp: Route = defineRoute(
  {
    method: 'post',
    path: '/security/stepup/options',
    impersonation: 'never',
    tag: 'step-up',
    access: 'session',
    summary: 'Passkey assertion options bound to this session and purpose (single-use, 5 min)',
    body: stepUpOptionsRequestSchema,
    response: authenticationOptionsSchema,
  },
  ({ db, auth, body, now, deps }) =>
    stepUpOptions(db, relyingPartyOf(deps.config.appUrl), auth, body.purpose, now),
);
