import {
  type StepUpMethod,
  type StepUpPurpose,
  type StepUpVerifyRequest,
  stepUpTtlMs,
} from '@gatehouse/shared';
import type { Keys } from '../../core/keys.js';
import { verifyPassword } from '../../core/passwords.js';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import {
  assertNotLocked,
  countVerifyFailure,
  type OnFailure,
  verifySecondFactor,
} from '../second-factor/verify.js';
import { markSessionMfa } from '../sessions/service.js';
import { orgRequiresMfa, stepUpRequired } from './guard.js';
import { insertGrant } from './queries.js';

export interface StepUpResult {
  expiresAt: Date;
  method: StepUpMethod;
}

const unavailable = (path: string, message: string): AppError =>
  new AppError('VALIDATION_FAILED', message, { issues: [{ path, message }] });

async function grant(
  db: Executor,
  auth: AuthContext,
  purpose: StepUpPurpose,
  method: StepUpMethod,
  now: Date,
): Promise<StepUpResult> {
  const expiresAt = new Date(now.getTime() + stepUpTtlMs(purpose));
  await insertGrant(db, {
    sessionId: auth.session.id,
    userId: auth.user.id,
    orgId: auth.org.id,
    purpose,
    method,
    verifiedAt: now,
    expiresAt,
  });
  return { expiresAt, method };
}

/**
 * Checks one proof and records a grant for this session and purpose. A user with TOTP proves it
 * with a code or a recovery code, never the password; 5 failures in 15 minutes lock step-up on
 * this session (429), even for a right answer, until the window passes. A wrong password is 400, not 401:
 * the caller is signed in, and a generic client would sign them out for a typo.
 */
export async function verifyStepUp(
  db: Executor,
  keys: Keys,
  auth: AuthContext,
  input: StepUpVerifyRequest,
  context: { now: Date; onFailure: OnFailure },
): Promise<StepUpResult> {
  const { now } = context;
  // Counted per session: a stolen cookie's failures never lock the user's other sessions.
  const party = { session: auth.session.id };
  await assertNotLocked(db, auth.user.id, party, now);
  if (auth.user.totpEnabled) {
    if (input.password !== undefined)
      throw unavailable('code', 'Use your authentication code or a recovery code');
    const proof =
      input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode ?? '' };
    const method = await verifySecondFactor(db, keys, auth.user, proof, { ...context, party });
    await markSessionMfa(db, auth.session.id, method, now);
    return grant(db, auth, input.purpose, method, now);
  }
  if (await orgRequiresMfa(db, auth.org.id, input.purpose))
    throw stepUpRequired(auth, input.purpose, true);
  if (input.password === undefined)
    throw unavailable('password', 'Two-factor authentication is not set up; use your password');
  if (!(await verifyPassword(auth.user.passwordHash, input.password))) {
    countVerifyFailure(context.onFailure, auth.user.id, party, now);
    throw new AppError('INVALID_PASSWORD', 'Wrong password', {
      issues: [{ path: 'password', message: 'Wrong password' }],
    });
  }
  return grant(db, auth, input.purpose, 'password', now);
}
