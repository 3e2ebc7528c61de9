import type { StepUpVerifyRequest } from '@gatehouse/shared';
import { verifyPassword } from '../../core/passwords.js';
import type { AuthContext } from '../../core/sessions.js';
import { grantStepUp } from '../../core/step-up.js';
import { recordFailure, type ThrottleRule, throttleWait } from '../../core/throttle.js';
import type { Database } from '../../db/client.js';
import { AppError, rateLimited } from '../../http/errors.js';

export const STEP_UP_THROTTLE: ThrottleRule = { limit: 5, windowMs: 15 * 60 * 1000 };
const throttleKey = (userId: string): string => `step-up:user:${userId}`;

/**
 * Checks one proof and records a grant for this session and purpose. 5 failures in 15 minutes
 * lock step-up (429), even for a right answer, until the window passes.
 */
export async function verifyStepUp(
  db: Database,
  auth: AuthContext,
  input: StepUpVerifyRequest,
  now: Date,
): Promise<Date> {
  const key = throttleKey(auth.user.id);
  const wait = await throttleWait(db, key, STEP_UP_THROTTLE, now);
  if (wait > 0) throw rateLimited(wait);
  if (input.password === undefined || auth.user.totpEnabled) {
    // A user with a second factor proves it with that factor (issue: TOTP), never a password.
    throw new AppError('VALIDATION_FAILED', 'Use your authentication code', {
      issues: [
        {
          path: auth.user.totpEnabled ? 'code' : 'password',
          message: 'This verification method is not available',
        },
      ],
    });
  }
  if (!(await verifyPassword(auth.user.passwordHash, input.password))) {
    await recordFailure(db, key, STEP_UP_THROTTLE, now);
    throw new AppError('INVALID_CREDENTIALS', 'Wrong password', {
      issues: [{ path: 'password', message: 'Wrong password' }],
    });
  }
  return grantStepUp(db, auth, input.purpose, 'password', now);
}
