import type { PasskeySignInRequest } from '@gatehouse/shared';
import type { AuditEmitter } from '../../audit/index.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import type { SignInClient } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import {
  findOrg,
  findUser,
  knownDeviceHash,
  type OnFailure,
  passkeyStanding,
  type RelyingParty,
  signInPasskey,
  verifySignInPasskey,
} from '../../identity/index.js';
import { PASSKEY_COUNTER_REGRESSED } from './hand-overs.js';
import { openSession, type SignedIn } from './open-session.js';
import { checkSignInThrottle, clearSignInFailures, recordSignInFailure } from './throttle.js';

const refused = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'This passkey cannot sign in here');

/**
 * A sign-in with a discoverable passkey and user verification: two factors at once, so no code
 * is asked. Otherwise a sign-in like the others — the same throttles (keyed by the passkey's
 * account), the same session creation, alerts and known-device record (`openSession`).
 */
export async function passkeySignIn(
  db: Executor,
  rp: RelyingParty,
  input: PasskeySignInRequest,
  client: SignInClient,
  context: {
    now: Date;
    onFailure: OnFailure;
    audit: Pick<AuditEmitter, 'actor' | 'hand'>;
  },
): Promise<SignedIn & { passkeyId: string }> {
  const { now } = context;
  const passkey = await signInPasskey(db, input.response);
  const user = await findUser(db, passkey.userId);
  if (!user || user.disabledAt) throw refused();
  context.audit.actor(user);
  const knownDevice = client.hasDeviceCookie
    ? await knownDeviceHash(db, { userId: user.id }, client.deviceIdHashes)
    : null;
  const attempt = { email: user.email, ip: client.ip, knownDevice, now };
  await checkSignInThrottle(db, attempt);
  const origin = {
    ip: client.ip,
    country: client.geo?.country ?? null,
    city: client.geo?.city ?? null,
    device: client.device.label,
    deviceIdHash: client.deviceIdHash,
  };
  // The alert reacts to the FAIL row (`reactions.ts`); identity calls this in its transaction.
  const counterRegressed = async (_failures: unknown, userId: string): Promise<void> =>
    context.audit.hand(PASSKEY_COUNTER_REGRESSED, { userId, origin });
  try {
    await verifySignInPasskey(
      db,
      rp,
      { response: input.response, passkey, deviceIdHashes: client.deviceIdHashes },
      {
        now,
        onFailure: context.onFailure,
        counterRegressed,
      },
    );
  } catch (err: unknown) {
    context.onFailure(async (failures) => {
      await recordSignInFailure(failures, attempt);
    });
    throw err;
  }
  await clearSignInFailures(db, attempt);
  const org = await findOrg(db, user.orgId);
  if (!org) throw refused();
  const opened = await openSession(db, user, client, now, context.audit, ['passkey']);
  return { user, org, ...opened, passkeyId: passkey.id };
}

/**
 * An owner or admin of an org that requires passkeys, who has none: told to add one before
 * anything else (the SPA leads them there).
 */
export async function passkeyEnrollment(
  db: Executor,
  user: Pick<UserRow, 'id' | 'orgId' | 'role'>,
): Promise<{ passkeyEnrollmentRequired?: true }> {
  if (user.role === 'member') return {};
  const standing = await passkeyStanding(db, user);
  return standing.required && standing.count === 0 ? { passkeyEnrollmentRequired: true } : {};
}

/** Where the org requires passkeys of this owner or admin and they have one: only it will do. */
export async function refuseWithoutPasskey(db: Executor, user: UserRow): Promise<void> {
  const standing = await passkeyStanding(db, user);
  if (standing.required && standing.count > 0)
    throw new AppError(
      'PASSKEY_REQUIRED',
      'Your organisation requires owners and admins to sign in with a passkey',
    );
}
