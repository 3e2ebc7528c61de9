import {
  authenticationOptionsSchema,
  idParamsSchema,
  passkeyRegisterRequestSchema,
  passkeyRegisterResponseSchema,
  passkeyRenameRequestSchema,
  passkeyResponseSchema,
  passkeysResponseSchema,
  registrationOptionsSchema,
  stepUpOptionsRequestSchema,
} from '@gatehouse/shared';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import {
  listPasskeys,
  ownPasskey,
  providerOf,
  registerPasskey,
  registrationOptions,
  relyingPartyOf,
  removeOwnPasskey,
  renameOwnPasskey,
  replaceRecoveryCodes,
  stepUpOptions,
  toPasskeyDTO,
} from '../../identity/index.js';

/** Settings → Security → Passkeys, and the options a passkey step-up signs (DESIGN §5, §7). */
export function passkeyRoutes({ config, keys }: AppDeps): Route[] {
  const rp = relyingPartyOf(config.appUrl);
  const appUrl = config.appUrl;
  return [
    defineRoute(
      {
        method: 'get',
        path: '/security/passkeys',
        tag: 'passkeys',
        access: 'session',
        summary: 'Your passkeys: name, provider, created, last used, synced or this device only',
        response: passkeysResponseSchema,
      },
      async ({ db, auth }) => ({ passkeys: await listPasskeys(db, auth.user.id) }),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/security/passkeys/register/options',
        impersonation: 'never',
        tag: 'passkeys',
        access: 'session',
        summary: 'Options to create a passkey (resident key preferred, user verification required)',
        stepUp: 'MFA_CHANGE',
        response: registrationOptionsSchema,
      },
      ({ db, auth, now }) => registrationOptions(db, rp, auth, now),
    ),
    defineRoute(
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
      async ({ db, auth, body, audit, now }) => {
        audit.set({ targetType: 'user', targetId: auth.user.id });
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
          ? await replaceRecoveryCodes(db, keys, auth.user.id, now)
          : undefined;
        return { passkey: toPasskeyDTO(passkey), ...(recoveryCodes ? { recoveryCodes } : {}) };
      },
    ),
    defineRoute(
      {
        method: 'patch',
        path: '/security/passkeys/:id',
        impersonation: 'never',
        tag: 'passkeys',
        access: 'session',
        summary: 'Rename one of your passkeys',
        params: idParamsSchema,
        body: passkeyRenameRequestSchema,
        load: async ({ db, auth, params }) => {
          const passkey = await ownPasskey(db, auth.user.id, params.id);
          if (!passkey) throw notFound('Passkey');
          return passkey;
        },
        response: passkeyResponseSchema,
        audit: 'PASSKEY_RENAMED',
      },
      async ({ db, auth, body, target, audit, now }) => {
        const renamed = await renameOwnPasskey(db, auth, target.id, body.name);
        audit.set({
          targetType: 'passkey',
          targetId: target.id,
          before: { name: target.name },
          after: { name: renamed.name },
        });
        return { passkey: toPasskeyDTO(renamed) };
      },
    ),
    defineRoute(
      {
        method: 'delete',
        path: '/security/passkeys/:id',
        impersonation: 'never',
        tag: 'passkeys',
        access: 'session',
        summary: 'Remove one of your passkeys',
        params: idParamsSchema,
        load: async ({ db, auth, params }) => {
          const passkey = await ownPasskey(db, auth.user.id, params.id);
          if (!passkey) throw notFound('Passkey');
          return passkey;
        },
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
    ),
    defineRoute(
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
      ({ db, auth, body, now }) => stepUpOptions(db, rp, auth, body.purpose, now),
    ),
  ];
}
