import { addressKey, recordFailure, type ThrottleRule, throttleWait } from '../../core/throttle.js';
import type { Executor } from '../../db/client.js';
import { rateLimited } from '../../http/errors.js';

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

/**
 * "Forgot password?" requests, counted whether or not the email exists (so a 429 tells nothing):
 * per address, against sweeping many accounts, and per email, against filling one inbox.
 */
export const FORGOT_RULES = {
  address: { limit: 10, windowMs: FIFTEEN_MINUTES_MS },
  email: { limit: 3, windowMs: FIFTEEN_MINUTES_MS },
} as const satisfies Record<string, ThrottleRule>;

const keysFor = (email: string, ip: string | null) => ({
  address: `forgot:ip:${addressKey(ip)}`,
  email: `forgot:email:${email.toLowerCase()}`,
});

/** Refuses (429) a request past either allowance, else counts it against both. */
export async function countForgotRequest(
  db: Executor,
  request: { email: string; ip: string | null; now: Date },
): Promise<void> {
  const keys = keysFor(request.email, request.ip);
  const wait = Math.max(
    await throttleWait(db, keys.address, FORGOT_RULES.address, request.now),
    await throttleWait(db, keys.email, FORGOT_RULES.email, request.now),
  );
  if (wait > 0) throw rateLimited(wait);
  await recordFailure(db, keys.address, FORGOT_RULES.address, request.now);
  await recordFailure(db, keys.email, FORGOT_RULES.email, request.now);
}
