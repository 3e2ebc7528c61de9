import { randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT, type StepUpMethod } from '@gatehouse/shared';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { recoveryCodes, sessions, users } from '../db/schema/index.js';
import { AppError, rateLimited } from '../http/errors.js';
import { SecretBox } from './secret-box.js';
import { notifySessionsChanged, notifyUserChanged } from './session-cache.js';
import type { UserRow } from './sessions.js';
import { recordFailure, type ThrottleRule, throttleWait } from './throttle.js';
import { hmac } from './tokens.js';
import { matchTotpStep } from './totp.js';

/** Second-factor and step-up attempts per user, shared by sign-in and step-up, every instance. */
export const VERIFY_THROTTLE: ThrottleRule = { limit: 5, windowMs: 15 * 60 * 1000 };
export const verifyThrottleKey = (userId: string): string => `verify:user:${userId}`;

/** Refuses (429) while the user's verification attempts are locked, whatever they send. */
export async function assertNotLocked(db: Executor, userId: string, now: Date): Promise<void> {
  const wait = await throttleWait(db, verifyThrottleKey(userId), VERIFY_THROTTLE, now);
  if (wait > 0) throw rateLimited(wait);
}

export function recordVerifyFailure(db: Executor, userId: string, now: Date): Promise<void> {
  return recordFailure(db, verifyThrottleKey(userId), VERIFY_THROTTLE, now);
}

export const totpBox = (appSecret: string): SecretBox => new SecretBox(appSecret, 'totp-secret');

/** The user's TOTP key, decrypted; sealed with the user id as associated data. */
export function openTotpSecret(appSecret: string, userId: string, sealed: string): string {
  return totpBox(appSecret).open(sealed, userId);
}

export function sealTotpSecret(appSecret: string, userId: string, secret: string): string {
  return totpBox(appSecret).seal(secret, userId);
}

/**
 * Marks a time step used, atomically: only a step later than every step accepted before wins,
 * so two requests racing with one code cannot both pass.
 */
export async function consumeTotpStep(
  db: Executor,
  userId: string,
  step: number,
): Promise<boolean> {
  const updated = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  if (updated.length === 0) return false;
  await notifyUserChanged(db, userId);
  return true;
}

const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `ABCDE-12345`: 50 random bits, in an alphabet without I, L, O and U. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(32)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** Keyed hash: a stolen table alone is not enough to brute-force 50-bit codes offline. */
export function recoveryCodeHash(appSecret: string, code: string): string {
  return hmac(appSecret, 'recovery-code', code.replace(/[\s-]+/g, '').toUpperCase());
}

/** Replaces every recovery code of the user; returns the new ones, which are shown once. */
export async function replaceRecoveryCodes(
  db: Executor,
  appSecret: string,
  userId: string,
  now: Date,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(
    codes.map((code) => ({
      userId,
      codeHash: recoveryCodeHash(appSecret, code),
      createdAt: now,
    })),
  );
  return codes;
}

async function consumeRecoveryCode(
  db: Executor,
  appSecret: string,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, recoveryCodeHash(appSecret, code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length > 0;
}

export async function recoveryCodesLeft(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

export type SecondFactorProof = { code: string } | { recoveryCode: string };

export const invalidOtp = (path: 'code' | 'recoveryCode'): AppError =>
  new AppError(
    'INVALID_OTP',
    path === 'code' ? 'That code is not valid' : 'That recovery code is not valid',
    {
      issues: [
        {
          path,
          message: path === 'code' ? 'That code is not valid' : 'That recovery code is not valid',
        },
      ],
    },
  );

/**
 * Checks a TOTP code or a recovery code for a user with TOTP enabled. Locked users get 429
 * even for a right answer; a wrong one counts a failure and is 400 INVALID_OTP.
 */
export async function verifySecondFactor(
  db: Executor,
  appSecret: string,
  user: UserRow,
  proof: SecondFactorProof,
  now: Date,
): Promise<Extract<StepUpMethod, 'totp' | 'recovery_code'>> {
  await assertNotLocked(db, user.id, now);
  const path = 'code' in proof ? 'code' : 'recoveryCode';
  if (!user.totpEnabled || !user.totpSecretEnc) throw invalidOtp(path);
  if ('code' in proof) {
    const secret = openTotpSecret(appSecret, user.id, user.totpSecretEnc);
    const step = await matchTotpStep(secret, proof.code, now, user.totpLastStep);
    if (step !== null && (await consumeTotpStep(db, user.id, step))) return 'totp';
  } else if (await consumeRecoveryCode(db, appSecret, user.id, proof.recoveryCode, now)) {
    return 'recovery_code';
  }
  await recordVerifyFailure(db, user.id, now);
  throw invalidOtp(path);
}

/** Records on the session that it passed a second factor now (DESIGN §3 `mfa_at`, `auth_methods`). */
export async function markSessionMfa(
  db: Executor,
  sessionId: string,
  method: 'totp' | 'recovery_code',
  now: Date,
): Promise<void> {
  await db
    .update(sessions)
    .set({
      mfaAt: now,
      authMethods: sql`(select array_agg(distinct m) from unnest(array_append(${sessions.authMethods}, ${method}::text)) m)`,
    })
    .where(eq(sessions.id, sessionId));
  await notifySessionsChanged(db, [sessionId]);
}
