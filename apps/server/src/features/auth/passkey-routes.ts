import {
  authenticationOptionsSchema,
  authResponseSchema,
  passkeySignInRequestSchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { signInClient } from '../../http/client-info.js';
import { defineRoute, type Route } from '../../http/route.js';
import { relyingPartyOf, signInOptions } from '../../identity/index.js';
import { assertAddressAllowed } from '../../network/index.js';
import { passkeyEnrollment, passkeySignIn } from './passkey-login.js';
import { signInResponder } from './responder.js';

/** "Sign in with a passkey" and its autofill (DESIGN §7): options, then the signed answer. */
export function passkeySignInRoutes(deps: AppDeps): Route[] {
  const { config } = deps;
  const rp = relyingPartyOf(config.appUrl);
  const { completeSignIn } = signInResponder(deps);
  return [
    defineRoute(
      {
        method: 'post',
        path: '/auth/passkey/options',
        tag: 'auth',
        access: 'public',
        summary: 'Assertion options for a passkey sign-in (bound to this browser, 5 minutes)',
        response: authenticationOptionsSchema,
      },
      ({ db, req, res, now }) =>
        signInOptions(db, rp, signInClient(req, res, deps).deviceIdHash, now),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/auth/passkey/verify',
        tag: 'auth',
        access: 'public',
        summary: 'Sign in with a passkey: user verification makes it two factors',
        body: passkeySignInRequestSchema,
        response: authResponseSchema,
        audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
      },
      async ({ db, body, req, res, audit, now, onFailure, afterCommit }) => {
        audit.set({ metadata: { mfaMethod: 'passkey' } });
        const client = signInClient(req, res, deps);
        const signedIn = await passkeySignIn(db, rp, body, client, { now, onFailure, audit });
        await assertAddressAllowed(deps, signedIn.user.orgId, client.ip, db);
        audit.emit('PASSKEY_USED', {
          targetType: 'user',
          targetId: signedIn.user.id,
          metadata: { credential: signedIn.passkeyId, context: 'sign_in' },
        });
        return {
          ...completeSignIn(signedIn, { audit, res, afterCommit }, 'passkey'),
          ...(await passkeyEnrollment(db, signedIn.user)),
        };
      },
    ),
  ];
}
