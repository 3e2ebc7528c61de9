/**
 * The second step of a sign-in: whoever holds a live mfaToken (5 minutes, single use) completes
 * it with a TOTP code or a recovery code. Refused: an expired or spent token (401, start
 * again), a wrong code (400 INVALID_OTP; the browser's attempts lock, 429), a network the org's
 * IP rules block (403).
 */
import { loginMfaRequestSchema, loginMfaResponseSchema } from '@gatehouse/shared';
import { signInClient } from '../../http/client-info.js';
import { defineRoute, type Route } from '../../http/route.js';
import { assertAddressAllowed } from '../../network/index.js';
import { completeMfaSignIn } from './mfa-login.js';
import { passkeyEnrollment } from './passkey-login.js';
import { completeSignIn } from './responder.js';
import { answerWithChoice } from './session-choice.js';

export const signInWithSecondFactor: Route = defineRoute(
  {
    method: 'post',
    path: '/auth/login/mfa',
    tag: 'auth',
    access: 'public',
    summary:
      'Second sign-in step: the mfaToken plus a TOTP code or a recovery code (with `chooseSession`, at the session limit: `sessionLimit`)',
    body: loginMfaRequestSchema,
    response: loginMfaResponseSchema,
    audit: { success: 'LOGIN_SUCCESS', failure: 'LOGIN_FAILURE' },
  },
  async ({ db, body, req, res, audit, now, deps, onFailure, afterCommit }) => {
    const offered = body.code !== undefined ? 'totp' : 'recovery_code';
    audit.set({ metadata: { mfaMethod: offered } });
    const client = signInClient(req, res, deps);
    const signedIn = await completeMfaSignIn(db, deps.keys, body, client, {
      now,
      onFailure,
      audit,
    });
    await assertAddressAllowed(deps, signedIn.user.orgId, client.ip, db);
    if (signedIn.method === 'recovery_code') {
      audit.emit('RECOVERY_CODE_USED', {
        targetType: 'user',
        targetId: signedIn.user.id,
        metadata: { context: 'sign_in' },
      });
    }
    if ('sessionLimit' in signedIn) return answerWithChoice(signedIn, signedIn.user.email, audit);
    return {
      ...completeSignIn(deps, signedIn, { audit, res, afterCommit }, signedIn.method),
      ...(await passkeyEnrollment(db, signedIn.user)),
    };
  },
);
