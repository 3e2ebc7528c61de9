import {
  idParamsSchema,
  passkeyRenameRequestSchema,
  passkeyResponseSchema,
} from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { renameOwnPasskey, toPasskeyDTO } from '../../identity/index.js';
import { ownPasskeyOr404 } from './service.js';

/**
 * A signed-in user renames one of their own passkeys; another user's is 404, and never in a
 * support session. The user's alert is a reaction to PASSKEY_RENAMED (`reactions.ts`).
 */
export const renamePasskey: Route = defineRoute(
  {
    method: 'patch',
    path: '/security/passkeys/:id',
    impersonation: 'never',
    tag: 'passkeys',
    access: 'session',
    summary: 'Rename one of your passkeys',
    params: idParamsSchema,
    body: passkeyRenameRequestSchema,
    load: ({ db, auth, params }) => ownPasskeyOr404(db, auth.user.id, params.id),
    response: passkeyResponseSchema,
    audit: 'PASSKEY_RENAMED',
  },
  async ({ db, auth, body, target, audit }) => {
    const renamed = await renameOwnPasskey(db, auth, target.id, body.name);
    audit.set({
      targetType: 'passkey',
      targetId: target.id,
      before: { name: target.name },
      after: { name: renamed.name },
    });
    return { passkey: toPasskeyDTO(renamed) };
  },
);
