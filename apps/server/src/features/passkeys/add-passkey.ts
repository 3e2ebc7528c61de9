import { passkeyRegisterRequestSchema, passkeyRegisterResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import {
  providerOf,
  registerPasskey,
  relyingPartyOf,
  replaceRecoveryCodes,
  toPasskeyDTO,
} from '../../identity/index.js';

/**
 * A signed-in user, after a fresh step-up, stores the passkey their authenticator created for
 * the options they were given; their first factor comes with recovery codes, shown once. Never
 * in a support session; a credential registered before, a replayed or expired challenge, or
 * another origin is refused. The user's alert is a reaction to PASSKEY_ADDED (`reactions.ts`).
 */
export const addPasskey: Route = defineRoute(
  {
    method: 'post',
    path: '/security/passkeys/register/verify',
    impersonation: 'never',
    tag: 'passkeys',
    access: 'session',
    summary: 'Store the new passkey (recovery codes too when it is your first factor)',
    body: passkeyRegisterRequestSchema,
    stepUp: 'MFA_CHANGE',
    status: 201,
    response: passkeyRegisterResponseSchema,
    audit: 'PASSKEY_ADDED',
  },
  async ({ db, auth, body, audit, now, deps }) => {
    audit.set({ targetType: 'user', targetId: auth.user.id });
    const rp = relyingPartyOf(deps.config.appUrl);
    const { passkey, firstFactor } = await registerPasskey(db, rp, auth, body, now);
    const provider = providerOf(passkey.aaguid);
    audit.set({
      metadata: {
        credential: passkey.id,
        name: passkey.name,
        provider,
        backedUp: passkey.backedUp,
      },
    });
    const recoveryCodes = firstFactor
      ? await replaceRecoveryCodes(db, deps.keys, auth.user.id, now)
      : undefined;
    return { passkey: toPasskeyDTO(passkey), ...(recoveryCodes ? { recoveryCodes } : {}) };
  },
);
