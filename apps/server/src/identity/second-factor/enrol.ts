import type { TotpSetupResponse } from '@gatehouse/shared';
import type { Keys } from '../../core/keys.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { notifyUserChanged } from '../sessions/cache.js';
import { endGrantsAndChallenges, markSessionMfa, rotateSessionToken } from '../sessions/service.js';
import {
  consumeTotpStep,
  deleteRecoveryCodes,
  hasPasskey,
  unusedRecoveryCodes,
  updateTotp,
  userById,
} from './queries.js';
import { matchTotpStep, newTotpSecret, qrCodeSvg, totpUri } from './totp.js';
import {
  assertNotLocked,
  countVerifyFailure,
  invalidOtp,
  type OnFailure,
  openTotpSecret,
  replaceRecoveryCodes,
} from './verify.js';

export const conflict = (message: string): AppError => new AppError('CONFLICT', message);

export async function mfaStatus(db: Executor, auth: AuthContext) {
  return {
    enabled: auth.user.totpEnabled,
    recoveryCodesLeft: auth.user.totpEnabled ? await unusedRecoveryCodes(db, auth.user.id) : 0,
  };
}

/** The user as stored now (the session cache may be a moment behind), for a second-factor change. */
export async function currentUser(db: Executor, auth: AuthContext) {
  const user = await userById(db, auth.user.id);
  if (!user) throw new AppError('NOT_FOUND', 'User not found');
  return user;
}

/** Starts enrolment: a new key, kept encrypted as *pending* until a code proves the app has it. */
export async function setUpTotp(
  db: Executor,
  keys: Keys,
  auth: AuthContext,
): Promise<TotpSetupResponse> {
  const secret = newTotpSecret();
  await updateTotp(db, auth.user.id, {
    totpPendingSecretEnc: keys.totpSecrets.seal(secret, auth.user.id),
  });
  await notifyUserChanged(db, auth.user.id);
  const otpauthUrl = totpUri(secret, auth.user.email);
  return { secret, otpauthUrl, qrCodeSvg: await qrCodeSvg(otpauthUrl) };
}

/**
 * Finishes enrolment with a code from the app. Returns the recovery codes (shown this once) and
 * the session's new token: the credentials changed, so the old cookie dies with them, and so do
 * step-up grants made before the factor existed.
 */
export async function enableTotp(
  db: Executor,
  keys: Keys,
  auth: AuthContext,
  pending: { user: UserRow; sealedSecret: string },
  input: { code: string; now: Date; onFailure: OnFailure },
): Promise<{ recoveryCodes: string[]; token: string }> {
  const { now } = input;
  const userId = auth.user.id;
  const party = { session: auth.session.id };
  await assertNotLocked(db, userId, party, now);
  const secret = await openTotpSecret(
    db,
    keys,
    userId,
    pending.sealedSecret,
    'totpPendingSecretEnc',
  );
  const step = await matchTotpStep(secret, input.code, now, pending.user.totpLastStep);
  if (step === null || !(await consumeTotpStep(db, userId, step))) {
    countVerifyFailure(input.onFailure, userId, party, now);
    throw invalidOtp('code');
  }
  await updateTotp(db, userId, {
    totpSecretEnc: keys.totpSecrets.seal(secret, userId),
    totpPendingSecretEnc: null,
    totpEnabled: true,
  });
  const recoveryCodes = await replaceRecoveryCodes(db, keys, userId, now);
  await endGrantsAndChallenges(db, userId, now);
  await markSessionMfa(db, auth.session.id, 'totp', now);
  const { token } = await rotateSessionToken(db, auth.session);
  await notifyUserChanged(db, userId);
  return { recoveryCodes, token };
}

export async function disableTotp(db: Executor, auth: AuthContext, now: Date): Promise<void> {
  await updateTotp(db, auth.user.id, {
    totpEnabled: false,
    totpSecretEnc: null,
    totpPendingSecretEnc: null,
  });
  if (!(await hasPasskey(db, auth.user.id))) await deleteRecoveryCodes(db, auth.user.id);
  await endGrantsAndChallenges(db, auth.user.id, now);
  await notifyUserChanged(db, auth.user.id);
}
