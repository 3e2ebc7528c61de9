import type { TotpSetupResponse } from '@gatehouse/shared';
import { eq } from 'drizzle-orm';
import {
  assertNotLocked,
  consumeTotpStep,
  invalidOtp,
  markSessionMfa,
  openTotpSecret,
  recordVerifyFailure,
  recoveryCodesLeft,
  replaceRecoveryCodes,
  sealTotpSecret,
} from '../../core/second-factor.js';
import { notifyUserChanged } from '../../core/session-cache.js';
import type { AuthContext } from '../../core/sessions.js';
import { matchTotpStep, newTotpSecret, qrCodeSvg, totpUri } from '../../core/totp.js';
import type { Database } from '../../db/client.js';
import { recoveryCodes, users } from '../../db/schema/index.js';
import { AppError } from '../../http/errors.js';

const conflict = (message: string): AppError => new AppError('CONFLICT', message);

export async function mfaStatus(db: Database, auth: AuthContext) {
  return {
    enabled: auth.user.totpEnabled,
    recoveryCodesLeft: auth.user.totpEnabled ? await recoveryCodesLeft(db, auth.user.id) : 0,
  };
}

/** Starts enrolment: a new key, kept encrypted as *pending* until a code proves the app has it. */
export async function setUpTotp(
  db: Database,
  appSecret: string,
  auth: AuthContext,
): Promise<TotpSetupResponse> {
  if (auth.user.totpEnabled) throw conflict('Two-factor authentication is already on');
  const secret = newTotpSecret();
  await db
    .update(users)
    .set({ totpPendingSecretEnc: sealTotpSecret(appSecret, auth.user.id, secret) })
    .where(eq(users.id, auth.user.id));
  await notifyUserChanged(db, auth.user.id);
  const otpauthUrl = totpUri(secret, auth.user.email);
  return { secret, otpauthUrl, qrCodeSvg: await qrCodeSvg(otpauthUrl) };
}

/** Finishes enrolment with a code from the app; returns the recovery codes, shown this once. */
export async function enableTotp(
  db: Database,
  appSecret: string,
  auth: AuthContext,
  code: string,
  now: Date,
): Promise<string[]> {
  await assertNotLocked(db, auth.user.id, now);
  const [user] = await db.select().from(users).where(eq(users.id, auth.user.id));
  if (!user || user.totpEnabled) throw conflict('Two-factor authentication is already on');
  if (!user.totpPendingSecretEnc) throw conflict('Start the setup first');
  const secret = openTotpSecret(appSecret, user.id, user.totpPendingSecretEnc);
  const step = await matchTotpStep(secret, code, now, user.totpLastStep);
  if (step === null || !(await consumeTotpStep(db, user.id, step))) {
    await recordVerifyFailure(db, user.id, now);
    throw invalidOtp('code');
  }
  const codes = await db.transaction(async (tx) => {
    const enabled = await tx
      .update(users)
      .set({
        totpSecretEnc: user.totpPendingSecretEnc,
        totpPendingSecretEnc: null,
        totpEnabled: true,
      })
      .where(eq(users.id, user.id))
      .returning({ id: users.id });
    if (enabled.length !== 1) throw new Error('user vanished during enrolment');
    const fresh = await replaceRecoveryCodes(tx, appSecret, user.id, now);
    await notifyUserChanged(tx, user.id);
    return fresh;
  });
  await markSessionMfa(db, auth.session.id, 'totp', now);
  return codes;
}

export async function disableTotp(db: Database, auth: AuthContext): Promise<void> {
  if (!auth.user.totpEnabled) throw conflict('Two-factor authentication is already off');
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpEnabled: false, totpSecretEnc: null, totpPendingSecretEnc: null })
      .where(eq(users.id, auth.user.id));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, auth.user.id));
    await notifyUserChanged(tx, auth.user.id);
  });
}

export async function regenerateRecoveryCodes(
  db: Database,
  appSecret: string,
  auth: AuthContext,
  now: Date,
): Promise<string[]> {
  if (!auth.user.totpEnabled) throw conflict('Turn on two-factor authentication first');
  return db.transaction((tx) => replaceRecoveryCodes(tx, appSecret, auth.user.id, now));
}
