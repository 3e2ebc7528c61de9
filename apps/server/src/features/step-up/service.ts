import type { StepUpMethod, StepUpVerifyRequest } from '@gatehouse/shared';
import { verifyPassword } from '../../core/passwords.js';
import {
  assertNotLocked,
  markSessionMfa,
  recordVerifyFailure,
  verifySecondFactor,
} from '../../core/second-factor.js';
import type { AuthContext } from '../../core/sessions.js';
import { grantStepUp, orgRequiresMfa, stepUpRequired } from '../../core/step-up.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../http/errors.js';

export interface StepUpResult {
  expiresAt: Date;
  method: StepUpMethod;
}

const unavailable = (path: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });

/**
 * Checks one proof and records a grant for this session and purpose. A user with TOTP proves it
 * with a code or a recovery code, never the password; 5 failures in 15 minutes lock step-up
 * (429), even for a right answer, until the window passes.
 */
export async function verifyStepUp(
  db: Database,
  appSecret: string,
  auth: AuthContext,
  input: StepUpVerifyRequest,
  now: Date,
): Promise<StepUpResult> {
  await assertNotLocked(db, auth.user.id, now);
  if (auth.user.totpEnabled) {
    if (input.password !== undefined)
      throw unavailable('code', 'Use your authentication code or a recovery code');
    const proof =
      input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode ?? '' };
    const method = await verifySecondFactor(db, appSecret, auth.user, proof, now);
    await markSessionMfa(db, auth.session.id, method, now);
    return { expiresAt: await grantStepUp(db, auth, input.purpose, method, now), method };
  }
  if (await orgRequiresMfa(db, auth.org.id, input.purpose))
    throw stepUpRequired(auth, input.purpose, true);
  if (input.password === undefined)
    throw unavailable('password', 'Two-factor authentication is not set up; use your password');
  if (!(await verifyPassword(auth.user.passwordHash, input.password))) {
    await recordVerifyFailure(db, auth.user.id, now);
    throw new AppError('INVALID_PASSWORD', 'Wrong password', {
      issues: [{ path: 'password', message: 'Wrong password' }],
    });
  }
  return {
    expiresAt: await grantStepUp(db, auth, input.purpose, 'password', now),
    method: 'password',
  };
}
