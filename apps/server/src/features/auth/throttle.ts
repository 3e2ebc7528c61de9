import {
  addressKey,
  clearFailures,
  recordFailure,
  type ThrottleRule,
  throttleCount,
  throttleWait,
} from '../../core/throttle.js';
import type { Executor } from '../../db/client.js';
import { rateLimited } from '../../http/errors.js';

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

/**
 * Sign-in throttling (README "Sign-in throttling"). Strict per (account, address) and per
 * address; the account as a whole is only *slowed*, and never for a browser that has signed in
 * to it before, so nobody can lock a user out by failing on purpose from elsewhere.
 */
export const SIGN_IN_RULES = {
  accountAddress: { limit: 10, windowMs: FIFTEEN_MINUTES_MS },
  address: { limit: 50, windowMs: FIFTEEN_MINUTES_MS },
  /** Failures on the account from anywhere; past the limit unknown browsers are paced. */
  account: { limit: 10, windowMs: FIFTEEN_MINUTES_MS },
  /** Once paced, an unknown browser may try once per 30 seconds. */
  accountPace: { limit: 1, windowMs: 30 * 1000 },
} as const satisfies Record<string, ThrottleRule>;

/** New accounts per address (IPv6 per /64): each costs an argon2 hash. */
export const SIGN_UP_RULE: ThrottleRule = { limit: 10, windowMs: 60 * 60 * 1000 };
export const signUpKey = (ip: string | null): string => `sign-up:ip:${addressKey(ip)}`;

function keysFor(email: string, ip: string | null) {
  const address = addressKey(ip);
  return {
    accountAddress: `sign-in:account-ip:${email}|${address}`,
    address: `sign-in:ip:${address}`,
    account: `sign-in:account:${email}`,
    accountPace: `sign-in:account-pace:${email}`,
  };
}

export interface SignInAttempt {
  email: string;
  ip: string | null;
  knownDevice: boolean;
  now: Date;
}

/** Refuses (429) before any password is looked at, when a rule says wait. */
export async function checkSignInThrottle(db: Executor, attempt: SignInAttempt): Promise<void> {
  const keys = keysFor(attempt.email, attempt.ip);
  const strict = [
    await throttleWait(db, keys.accountAddress, SIGN_IN_RULES.accountAddress, attempt.now),
    await throttleWait(db, keys.address, SIGN_IN_RULES.address, attempt.now),
  ];
  const paced =
    !attempt.knownDevice &&
    (await throttleCount(db, keys.account, attempt.now)) >= SIGN_IN_RULES.account.limit
      ? await throttleWait(db, keys.accountPace, SIGN_IN_RULES.accountPace, attempt.now)
      : 0;
  const wait = Math.max(...strict, paced);
  if (wait > 0) throw rateLimited(wait);
}

/** Counts a failed sign-in against every rule it touches. */
export async function recordSignInFailure(db: Executor, attempt: SignInAttempt): Promise<void> {
  const keys = keysFor(attempt.email, attempt.ip);
  const { now } = attempt;
  await recordFailure(db, keys.accountAddress, SIGN_IN_RULES.accountAddress, now);
  await recordFailure(db, keys.address, SIGN_IN_RULES.address, now);
  await recordFailure(db, keys.account, SIGN_IN_RULES.account, now);
  if (!attempt.knownDevice)
    await recordFailure(db, keys.accountPace, SIGN_IN_RULES.accountPace, now);
}

/** A right password clears what this address counted against the account. */
export async function clearSignInFailures(db: Executor, attempt: SignInAttempt): Promise<void> {
  await clearFailures(db, keysFor(attempt.email, attempt.ip).accountAddress);
}

/** Refuses a sign-up from an address past its hourly allowance, before any hashing. */
export async function checkSignUpThrottle(db: Executor, ip: string | null, now: Date) {
  const wait = await throttleWait(db, signUpKey(ip), SIGN_UP_RULE, now);
  if (wait > 0) throw rateLimited(wait);
}
