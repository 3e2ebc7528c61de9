/**
 * Anyone's browser asks for the options of a passkey sign-in (and its autofill, DESIGN §7): a
 * challenge bound to this browser for 5 minutes; nothing about any account.
 */
import { authenticationOptionsSchema } from '@gatehouse/shared';
import { signInClient } from '../../http/client-info.js';
import { defineRoute, type Route } from '../../http/route.js';
import { relyingPartyOf, signInOptions } from '../../identity/index.js';

export const offerPasskeySignIn: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/passkey/options',
    tag: 'auth',
    access: 'public',
    summary: 'Assertion options for a passkey sign-in (bound to this browser, 5 minutes)',
    response: authenticationOptionsSchema,
  },
  ({ db, req, res, now, deps }) =>
    signInOptions(
      db,
      relyingPartyOf(deps.config.appUrl),
      signInClient(req, res, deps).deviceIdHash,
      now,
    ),
);
