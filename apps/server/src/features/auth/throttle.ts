import {
  addRequests,
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
 * Sign-in throttling (README "Sign-in throttling", decisions 006 and 021). A browser that never
 * signed in to the account is held strictly per (account, address) and per address, and the
 * account as a whole only *slows* such browsers. A browser that signed in to it before (its
 * `gh_device` in known_devices) is judged by its own counter alone: nobody failing on purpose,
 * from elsewhere or from the same office address, can lock it out.
 */
export const SIGN_IN_RULES = {
  accountAddress: { limit: 10, windowMs: FIFTEEN_MINUTES_MS },
  address: { limit: 50, windowMs: FIFTEEN_MINUTES_MS },
  /** Failures on the account from anywhere; past the limit unknown browsers are paced. */
  account: { limit: 10, windowMs: FIFTEEN_MINUTES_MS },
  /** Once paced, an unknown browser may try once per 30 seconds. */
  accountPace: { limit: 1, windowMs: 30 * 1000 },
  /** A known browser's own failures on the account (a stolen device cookie guesses no faster). */
  accountDevice: { limit: 10, windowMs: FIFTEEN_MINUTES_MS },
} as const satisfies Record<string, ThrottleRule>;

/** New accounts per address (IPv6 per /64): each costs an argon2 hash. */
export const SIGN_UP_RULE: ThrottleRule = { limit: 10, windowMs: 60 * 60 * 1000 };
export const signUpKey = (ip: string | null): string => `sign-up:ip:${addressKey(ip)}`;

function keysFor({ email, ip, knownDevice }: SignInAttempt) {
  const address = addressKey(ip);
  return {
    accountAddress: `sign-in:account-ip:${email}|${address}`,
    address: `sign-in:ip:${address}`,
    account: `sign-in:account:${email}`,
    accountPace: `sign-in:account-pace:${email}`,
    accountDevice: `sign-in:account-device:${email}|${knownDevice ?? ''}`,
  };
}

export interface SignInAttempt {
  email: string;
  ip: string | null;
  /** The stored hash of this browser's `gh_device` when it signed in to the account before. */
  knownDevice: string | null;
  now: Date;
}

/** Refuses (429) before any password is looked at, when a rule says wait. */
export async function checkSignInThrottle(db: Executor, attempt: SignInAttempt): Promise<void> {
  const keys = keysFor(attempt);
  const { now } = attempt;
  let wait: number;
  if (attempt.knownDevice) {
    wait = await throttleWait(db, keys.accountDevice, SIGN_IN_RULES.accountDevice, now);
  } else {
    const paced =
      (await throttleCount(db, keys.account, now)) >= SIGN_IN_RULES.account.limit
        ? await throttleWait(db, keys.accountPace, SIGN_IN_RULES.accountPace, now)
        : 0;
    wait = Math.max(
      await throttleWait(db, keys.accountAddress, SIGN_IN_RULES.accountAddress, now),
      await throttleWait(db, keys.address, SIGN_IN_RULES.address, now),
      paced,
    );
  }
  if (wait > 0) throw rateLimited(wait);
}

/**
 * Counts a failed sign-in: a known browser on its own counter (and the account's, which only
 * paces strangers), any other browser against its address and the account.
 */
export async function recordSignInFailure(
  db: Executor,
  attempt: SignInAttempt,
): Promise<{ accountFailures: number; windowMs: number }> {
  const keys = keysFor(attempt);
  const { now } = attempt;
  const account = await addRequests(db, keys.account, 1, SIGN_IN_RULES.account, now);
  const counted = { accountFailures: account.count, windowMs: SIGN_IN_RULES.account.windowMs };
  if (attempt.knownDevice) {
    await recordFailure(db, keys.accountDevice, SIGN_IN_RULES.accountDevice, now);
    return counted;
  }
  await recordFailure(db, keys.accountAddress, SIGN_IN_RULES.accountAddress, now);
  await recordFailure(db, keys.address, SIGN_IN_RULES.address, now);
  await recordFailure(db, keys.accountPace, SIGN_IN_RULES.accountPace, now);
  return counted;
}

/**
 * A right password clears what this browser's own counter held: a known browser's, or what
 * this address counted against the account. A colleague's sign-in from an office address never
 * clears a stranger's failures from it.
 */
export async function clearSignInFailures(db: Executor, attempt: SignInAttempt): Promise<void> {
  const keys = keysFor(attempt);
  await clearFailures(db, attempt.knownDevice ? keys.accountDevice : keys.accountAddress);
}

/** Refuses a sign-up from an address past its hourly allowance, before any hashing. */
export async function checkSignUpThrottle(db: Executor, ip: string | null, now: Date) {
  const wait = await throttleWait(db, signUpKey(ip), SIGN_UP_RULE, now);
  if (wait > 0) throw rateLimited(wait);
}
