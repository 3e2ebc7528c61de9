import type { PasskeyDTO, PasskeyRegisterRequest, RegistrationOptions } from '@gatehouse/shared';
import { generateRegistrationOptions, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError, notFound } from '../../http/errors.js';
import { deleteRecoveryCodes } from '../second-factor/queries.js';
import { notifyUserChanged } from '../sessions/cache.js';
import { endGrantsAndChallenges } from '../sessions/service.js';
import { providerOf } from './aaguids.js';
import { boundToSession, keepChallenge, spendsChallenge } from './challenges.js';
import {
  countPasskeys,
  deletePasskey,
  insertPasskey,
  type PasskeyRow,
  passkeysOf,
  renamePasskey,
  requirePasskeysForAdmins,
} from './queries.js';
import { PASSKEY_PROMPT_TIMEOUT_MS, type RelyingParty } from './relying-party.js';

export function toPasskeyDTO(row: PasskeyRow): PasskeyDTO {
  return {
    id: row.id,
    name: row.name,
    provider: providerOf(row.aaguid),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    backedUp: row.backedUp,
  };
}

export const invalidPasskey = (message = 'That passkey could not be verified'): AppError =>
  new AppError('INVALID_PASSKEY', message, { issues: [{ path: 'response', message }] });

/** The user handle a passkey stores: the user's id, so a discoverable credential names its owner. */
export const userHandleOf = (userId: string): Uint8Array<ArrayBuffer> =>
  new TextEncoder().encode(userId);

/** Whether the org's "Require passkeys for owners and admins" applies to this user. */
export async function passkeysRequiredFor(
  db: Executor,
  user: Pick<UserRow, 'orgId' | 'role'>,
): Promise<boolean> {
  if (user.role === 'member') return false;
  return requirePasskeysForAdmins(db, user.orgId);
}

/** What step-up and sign-in need to know about a user's passkeys. */
export async function passkeyStanding(db: Executor, user: Pick<UserRow, 'id' | 'orgId' | 'role'>) {
  const count = await countPasskeys(db, user.id);
  return { count, required: await passkeysRequiredFor(db, user) };
}

export async function listPasskeys(db: Executor, userId: string): Promise<PasskeyDTO[]> {
  return (await passkeysOf(db, userId)).map(toPasskeyDTO);
}

/**
 * Options to make a passkey: resident key preferred, user verification required, the user's
 * existing credentials excluded (an authenticator that holds one says so instead of making a
 * second), attestation "none" (we trust no vendor certificate; the AAGUID only names it).
 */
export async function registrationOptions(
  db: Executor,
  rp: RelyingParty,
  auth: AuthContext,
  now: Date,
): Promise<RegistrationOptions> {
  const existing = await passkeysOf(db, auth.user.id);
  const options = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: auth.user.email,
    userDisplayName: auth.user.name,
    userID: userHandleOf(auth.user.id),
    attestationType: 'none',
    timeout: PASSKEY_PROMPT_TIMEOUT_MS,
    excludeCredentials: existing.map((p) => ({
      id: p.credentialId,
      transports: p.transports,
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await keepChallenge(
    db,
    {
      kind: 'register',
      challenge: options.challenge,
      userId: auth.user.id,
      boundTo: boundToSession(auth.session.id),
    },
    now,
  );
  return options;
}

/** Library errors (malformed CBOR, wrong origin, unknown algorithm) are the client's: 400. */
export async function webauthnCheck<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (err: unknown) {
    if (err instanceof AppError) throw err;
    throw invalidPasskey();
  }
}

/**
 * Verifies a new credential against this session's registration challenge and stores it.
 * A credential id registered before (by anyone) is 409. Returns the row, and whether it is the
 * account's first factor (then the caller hands out recovery codes).
 */
export async function registerPasskey(
  db: Executor,
  rp: RelyingParty,
  auth: AuthContext,
  input: PasskeyRegisterRequest,
  now: Date,
): Promise<{ passkey: PasskeyRow; firstFactor: boolean }> {
  const verification = await webauthnCheck(() =>
    verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: spendsChallenge(
        db,
        { kind: 'register', boundTo: [boundToSession(auth.session.id)], userId: auth.user.id },
        now,
      ),
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: true,
    }),
  );
  if (!verification.verified) throw invalidPasskey();
  const info = verification.registrationInfo;
  const before = await countPasskeys(db, auth.user.id);
  const passkey = await insertPasskey(db, {
    userId: auth.user.id,
    orgId: auth.org.id,
    credentialId: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey),
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    aaguid: info.aaguid,
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    name: input.name ?? providerOf(info.aaguid) ?? 'Passkey',
    createdAt: now,
  });
  if (!passkey) throw new AppError('CONFLICT', 'This passkey is already registered');
  // A new factor: grants and half-finished sign-ins made before it end (DESIGN §5).
  await endGrantsAndChallenges(db, auth.user.id, now);
  await notifyUserChanged(db, auth.user.id);
  return { passkey, firstFactor: before === 0 && !auth.user.totpEnabled };
}

export async function renameOwnPasskey(
  db: Executor,
  auth: AuthContext,
  id: string,
  name: string,
): Promise<PasskeyRow> {
  const row = await renamePasskey(db, auth.user.id, id, name);
  if (!row) throw notFound('Passkey');
  return row;
}

/**
 * Removes one of the user's passkeys. The last one of an owner or admin whose org requires
 * passkeys stays (409): without it they could not sign in. Returns whether factors remain.
 */
export async function removeOwnPasskey(
  db: Executor,
  auth: AuthContext,
  passkey: PasskeyRow,
  now: Date,
): Promise<{ factorsLeft: boolean }> {
  const standing = await passkeyStanding(db, auth.user);
  if (standing.required && standing.count <= 1)
    throw new AppError(
      'OWN_PASSKEY_REQUIRED',
      'Your organisation requires a passkey for owners and admins: add another before removing this one',
    );
  if (!(await deletePasskey(db, auth.user.id, passkey.id))) throw notFound('Passkey');
  const factorsLeft = standing.count > 1 || auth.user.totpEnabled;
  // Recovery codes cover the factors there are; with none left they would be a factor alone.
  if (!factorsLeft) await deleteRecoveryCodes(db, auth.user.id);
  await endGrantsAndChallenges(db, auth.user.id, now);
  await notifyUserChanged(db, auth.user.id);
  return { factorsLeft };
}
