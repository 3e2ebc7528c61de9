import { passkeysResponseSchema } from '@gatehouse/shared';
import { defineRoute, type Route } from '../../http/route.js';
import { listPasskeys as passkeysOfUser } from '../../identity/index.js';

/** A signed-in user lists their own passkeys (never another user's). */
export const listPasskeys: Route = defineRoute(
  {
    method: 'get',
    path: '/security/passkeys',
    tag: 'passkeys',
    access: 'session',
    summary: 'Your passkeys: name, provider, created, last used, synced or this device only',
    response: passkeysResponseSchema,
  },
  async ({ db, auth }) => ({ passkeys: await passkeysOfUser(db, auth.user.id) }),
);
