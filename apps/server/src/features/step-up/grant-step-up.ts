import { stepUpVerifyRequestSchema, stepUpVerifyResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { relyingPartyOf, verifyStepUp } from '../../identity/index.js';
import { COUNTER_REGRESSED } from './reactions.js';

/**
 * A signed-in user re-authenticates for one purpose (a passkey, a TOTP or recovery code, or the
 * password when they have no factor) and gets a grant bound to this session. Never in a support
 * session; a wrong answer is 400 and counts toward the session's lock (429 after 5 in 15
 * minutes); an owner or admin whose org requires passkeys must use one (403). A copied
 * authenticator's alert is a reaction to the refusal's FAIL row (`reactions.ts`).
 */
export const grantStepUp: Route = defineRoute(
  {
    method: 'post',
    path: '/security/stepup/verify',
    impersonation: 'never',
    tag: 'step-up',
    access: 'session',
    summary: 'Re-authenticate for one purpose; the grant is bound to this session',
    body: stepUpVerifyRequestSchema,
    response: stepUpVerifyResponseSchema,
    audit: 'STEP_UP_VERIFIED',
  },
  async ({ db, auth, body, audit, now, onFailure, deps }) => {
    const offered =
      body.passkey !== undefined
        ? 'passkey'
        : body.password !== undefined
          ? 'password'
          : body.code !== undefined
            ? 'totp'
            : 'recovery_code';
    audit.set({
      targetType: 'session',
      targetId: auth.session.id,
      metadata: { purpose: body.purpose, method: offered },
    });
    // Run in the refusal's transaction: its FAIL row's reaction raises the alert.
    const counterRegressed = async (_failures: unknown, userId: string) =>
      audit.hand(COUNTER_REGRESSED, userId);
    const passkeys = { rp: relyingPartyOf(deps.config.appUrl), counterRegressed };
    const { expiresAt, method } = await verifyStepUp(db, deps.keys, auth, body, {
      now,
      onFailure,
      passkeys,
    });
    if (method === 'passkey')
      audit.emit('PASSKEY_USED', {
        targetType: 'user',
        targetId: auth.user.id,
        metadata: { context: 'step_up', purpose: body.purpose },
      });
    if (method === 'recovery_code') {
      audit.emit('RECOVERY_CODE_USED', {
        targetType: 'user',
        targetId: auth.user.id,
        metadata: { context: 'step_up', purpose: body.purpose },
      });
    }
    return {
      success: true as const,
      purpose: body.purpose,
      expiresAt: expiresAt.toISOString(),
    };
  },
);
