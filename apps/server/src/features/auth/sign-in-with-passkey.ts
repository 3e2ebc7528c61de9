/**
 * Anyone signs in with a discoverable passkey and user verification: two factors at once.
 * Refused alike for an unknown or disabled account's passkey and a bad signature (401), a
 * device-bound passkey whose counter went back (401, and its owner is alerted), past the
 * throttles (429), from a blocked network (403).
 */
import { authResponseSchema, passkeySignInRequestSchema } from '@gatehouse/shared';
import { signInClient } from '../../http/client-info.js';
import { defineRoute, type Route } from '../../http/route.js';
import { relyingPartyOf } from '../../identity/index.js';
import { assertAddressAllowed } from '../../network/index.js';
import { passkeyEnrollment, passkeySignIn } from './passkey-login.js';
import { completeSignIn } from './responder.js';

export const signInWithPasskey: Route = defineRoute(
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
  async ({ db, body, req, res, audit, now, deps, onFailure, afterCommit }) => {
    audit.set({ metadata: { mfaMethod: 'passkey' } });
    const client = signInClient(req, res, deps);
    const rp = relyingPartyOf(deps.config.appUrl);
    const signedIn = await passkeySignIn(db, rp, body, client, { now, onFailure, audit });
    await assertAddressAllowed(deps, signedIn.user.orgId, client.ip, db);
    audit.emit('PASSKEY_USED', {
      targetType: 'user',
      targetId: signedIn.user.id,
      metadata: { credential: signedIn.passkeyId, context: 'sign_in' },
    });
    return {
      ...completeSignIn(deps, signedIn, { audit, res, afterCommit }, 'passkey'),
      ...(await passkeyEnrollment(db, signedIn.user)),
    };
  },
);
