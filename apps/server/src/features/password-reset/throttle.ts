import { addressKey, recordFailure, type ThrottleRule, throttleWait } from '../../core/throttle.js';
import type { Executor } from '../../db/client.js';
import { rateLimited } from '../../http/errors.js';

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * "Forgot password?" requests (decision 021), counted whether or not the email exists, so a 429
 * tells a stranger nothing. A browser the account does not know is held per address (against
 * sweeping many accounts), per email and address (one stranger's share of an inbox) and per
 * email (the inbox's ceiling, against filling it from many addresses). A browser that signed in
 * to the account before has an allowance of its own, which nobody else's requests spend.
 */
export const FORGOT_RULES = {
  address: { limit: 10, windowMs: FIFTEEN_MINUTES_MS },
  emailAddress: { limit: 2, windowMs: HOUR_MS },
  email: { limit: 10, windowMs: HOUR_MS },
  emailDevice: { limit: 3, windowMs: FIFTEEN_MINUTES_MS },
} as const satisfies Record<string, ThrottleRule>;

export interface ForgotRequest {
  email: string;
  ip: string | null;
  /** The stored hash of this browser's `gh_device` when it signed in to the account before. */
  knownDevice: string | null;
  now: Date;
}

type ForgotRule = keyof typeof FORGOT_RULES;

/** The counters a request is held by, with their keys. */
function countersFor({ email, ip, knownDevice }: ForgotRequest): [ForgotRule, string][] {
  const lower = email.toLowerCase();
  if (knownDevice) return [['emailDevice', `forgot:email-device:${lower}|${knownDevice}`]];
  const address = addressKey(ip);
  return [
    ['address', `forgot:ip:${address}`],
    ['emailAddress', `forgot:email-ip:${lower}|${address}`],
    ['email', `forgot:email:${lower}`],
  ];
}

/** Refuses (429) a request past any of its allowances, else counts it against each. */
export async function countForgotRequest(db: Executor, request: ForgotRequest): Promise<void> {
  const counters = countersFor(request);
  let wait = 0;
  for (const [rule, key] of counters)
    wait = Math.max(wait, await throttleWait(db, key, FORGOT_RULES[rule], request.now));
  if (wait > 0) throw rateLimited(wait);
  for (const [rule, key] of counters) await recordFailure(db, key, FORGOT_RULES[rule], request.now);
}
