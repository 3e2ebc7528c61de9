import { idParamsSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { providerOf, removeOwnPasskey } from '../../identity/index.js';
import { ownPasskeyOr404 } from './service.js';

/**
 * A signed-in user, after a fresh step-up, removes one of their own passkeys; another user's is
 * 404, and never in a support session. The last passkey of an owner or admin whose org requires
 * them stays (409 OWN_PASSKEY_REQUIRED). The user's alert is a reaction to PASSKEY_REMOVED
 * (`reactions.ts`).
 */
export const removePasskey: Route = defineRoute(
  {
    method: 'delete',
    path: '/security/passkeys/:id',
    impersonation: 'never',
    tag: 'passkeys',
    access: 'session',
    summary: 'Remove one of your passkeys',
    params: idParamsSchema,
    load: ({ db, auth, params }) => ownPasskeyOr404(db, auth.user.id, params.id),
    stepUp: 'MFA_CHANGE',
    audit: 'PASSKEY_REMOVED',
  },
  async ({ db, auth, target, audit, now }) => {
    audit.set({
      targetType: 'passkey',
      targetId: target.id,
      metadata: {
        credential: target.id,
        name: target.name,
        provider: providerOf(target.aaguid),
      },
    });
    await removeOwnPasskey(db, auth, target, now);
  },
);
