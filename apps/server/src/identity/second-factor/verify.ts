import { randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@gatehouse/shared';
import type { Keys } from '../../core/keys.js';
import { recordFailure, type ThrottleRule, throttleWait } from '../../core/throttle.js';
import type { Executor } from '../../db/client.js';
import type { UserRow } from '../../db/rows.js';
import { AppError, rateLimited } from '../../http/errors.js';
import { notifyUserChanged } from '../sessions/cache.js';
import {
  consumeTotpStep,
  replaceRecoveryCodeHashes,
  spendRecoveryCode,
  updateTotp,
} from './queries.js';
import { matchTotpStep } from './totp.js';

/**
 * Second-factor and step-up attempts, counted per user *and party* (decision 021) in the table
 * every instance shares: 5 failures in 15 minutes, and 20 in a day, lock that party alone.
 */
export const VERIFY_THROTTLES = {
  quarterHour: { limit: 5, windowMs: 15 * 60 * 1000 },
  day: { limit: 20, windowMs: 24 * 60 * 60 * 1000 },
} as const satisfies Record<string, ThrottleRule>;

type VerifyWindow = keyof typeof VERIFY_THROTTLES;
const VERIFY_WINDOWS: readonly VerifyWindow[] = ['quarterHour', 'day'];

/**
 * Who is trying, so that one party's failures never lock another out: a signed-in session
 * (step-up, password change, enrolment), a browser that signed in to the account before (the
 * stored hash of its `gh_device`), or anyone else — strangers, who share one allowance, since
 * addresses, browsers and sign-in challenges are theirs to multiply.
 */
export type VerifyParty = { session: string } | { knownDevice: string } | 'stranger';

function verifyThrottleKey(userId: string, party: VerifyParty, window: VerifyWindow): string {
  const who =
    party === 'stranger'
      ? 'strangers'
      : 'session' in party
        ? `session:${party.session}`
        : `device:${party.knownDevice}`;
  return `verify:user:${userId}:${who}:${window}`;
}

/** Where a use case leaves work for after its rollback (the route runner's `onFailure`). */
export type OnFailure = (effect: (db: Executor) => Promise<void>) => void;

/** Refuses (429) while this party's attempts on the user are locked, whatever it sends. */
export async function assertNotLocked(
  db: Executor,
  userId: string,
  party: VerifyParty,
  now: Date,
): Promise<void> {
  let wait = 0;
  for (const window of VERIFY_WINDOWS) {
    const key = verifyThrottleKey(userId, party, window);
    wait = Math.max(wait, await throttleWait(db, key, VERIFY_THROTTLES[window], now));
  }
  if (wait > 0) throw rateLimited(wait);
}

/** Counts a failed attempt of the party; written after the rollback, so it survives the refusal. */
export function countVerifyFailure(
  onFailure: OnFailure,
  userId: string,
  party: VerifyParty,
  now: Date,
): void {
  onFailure(async (db) => {
    for (const window of VERIFY_WINDOWS)
      await recordFailure(
        db,
        verifyThrottleKey(userId, party, window),
        VERIFY_THROTTLES[window],
        now,
      );
  });
}

/** The user's TOTP key, decrypted; one sealed under the previous APP_SECRET is sealed again. */
export async function openTotpSecret(
  db: Executor,
  keys: Keys,
  userId: string,
  sealed: string,
  column: 'totpSecretEnc' | 'totpPendingSecretEnc',
): Promise<string> {
  const { plain, stale } = keys.totpSecrets.open(sealed, userId);
  if (stale) await updateTotp(db, userId, { [column]: keys.totpSecrets.seal(plain, userId) });
  return plain;
}

const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `ABCDE-12345`: 50 random bits, in an alphabet without I, L, O and U. */
export function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(32)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const normaliseCode = (code: string): string => code.replace(/[\s-]+/g, '').toUpperCase();

/** Replaces every recovery code of the user; returns the new ones, which are shown once. */
export async function replaceRecoveryCodes(
  db: Executor,
  keys: Keys,
  userId: string,
  now: Date,
): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  // Keyed hash: a stolen table alone is not enough to brute-force 50-bit codes offline.
  const hashes = codes.map((code) => keys.recoveryCode.sign(normaliseCode(code)));
  await replaceRecoveryCodeHashes(db, userId, hashes, now);
  return codes;
}

export type SecondFactorProof = { code: string } | { recoveryCode: string };

export const invalidOtp = (path: 'code' | 'recoveryCode'): AppError => {
  const message = path === 'code' ? 'That code is not valid' : 'That recovery code is not valid';
  return new AppError('INVALID_OTP', message, { issues: [{ path, message }] });
};

/**
 * Checks a TOTP code or a recovery code for a user with TOTP enabled. A locked party gets 429
 * even for a right answer; a wrong one counts a failure against the party and is 400 INVALID_OTP.
 */
export async function verifySecondFactor(
  db: Executor,
  keys: Keys,
  user: UserRow,
  proof: SecondFactorProof,
  context: { now: Date; onFailure: OnFailure; party: VerifyParty },
): Promise<'totp' | 'recovery_code'> {
  const { now, party } = context;
  await assertNotLocked(db, user.id, party, now);
  const path = 'code' in proof ? 'code' : 'recoveryCode';
  // Recovery codes exist only while the user has a factor (TOTP or a passkey) and cover them all.
  if ('code' in proof) {
    if (!user.totpEnabled || !user.totpSecretEnc) throw invalidOtp(path);
    const secret = await openTotpSecret(db, keys, user.id, user.totpSecretEnc, 'totpSecretEnc');
    const step = await matchTotpStep(secret, proof.code, now, user.totpLastStep);
    if (step !== null && (await consumeTotpStep(db, user.id, step))) {
      await notifyUserChanged(db, user.id);
      return 'totp';
    }
  } else {
    const hashes = keys.recoveryCode.digests(normaliseCode(proof.recoveryCode));
    if (await spendRecoveryCode(db, user.id, hashes, now)) return 'recovery_code';
  }
  countVerifyFailure(context.onFailure, user.id, party, now);
  throw invalidOtp(path);
}
