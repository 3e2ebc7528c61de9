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
import { verifyStepUpPasskey } from '../passkeys/flows.js';
import type { RelyingParty } from '../passkeys/relying-party.js';
import {
  assertNotLocked,
  countVerifyFailure,
  type OnFailure,
  verifySecondFactor,
} from '../second-factor/verify.js';
import { markSessionMfa } from '../sessions/service.js';
import { factorsOf, hasSecondFactor, orgRequiresMfa, stepUpRequired } from './guard.js';
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

/** Where a passkey answer is checked, and who hears of a copied one (the alerts layer's). */
export interface PasskeyCheck {
  rp: RelyingParty;
  counterRegressed: (failures: Executor, userId: string) => Promise<void>;
}

/**
 * Checks one proof and records a grant for this session and purpose. A user with a factor
 * proves it with a passkey, a code or a recovery code, never the password; an owner or admin
 * whose org requires passkeys (and who has one) with the passkey alone (403 PASSKEY_REQUIRED).
 * 5 failures in 15 minutes lock step-up on this session (429), even for a right answer, until
 * the window passes. A wrong password is 400, not 401: the caller is signed in, and a generic
 * client would sign them out for a typo.
 */
export async function verifyStepUp(
  db: Executor,
  keys: Keys,
  auth: AuthContext,
  input: StepUpVerifyRequest,
  context: { now: Date; onFailure: OnFailure; passkeys: PasskeyCheck },
): Promise<StepUpResult> {
  const { now } = context;
  // Counted per session: a stolen cookie's failures never lock the user's other sessions.
  const party = { session: auth.session.id };
  await assertNotLocked(db, auth.user.id, party, now);
  const factors = await factorsOf(db, auth);
  if (factors.passkeyRequired && factors.passkeys > 0 && input.passkey === undefined)
    throw new AppError('PASSKEY_REQUIRED', 'Your organisation requires a passkey for this');
  if (input.passkey !== undefined) {
    const response = input.passkey;
    const checked = {
      now,
      onFailure: context.onFailure,
      counterRegressed: context.passkeys.counterRegressed,
    };
    try {
      await verifyStepUpPasskey(
        db,
        context.passkeys.rp,
        auth,
        { purpose: input.purpose, response },
        checked,
      );
    } catch (err: unknown) {
      countVerifyFailure(context.onFailure, auth.user.id, party, now);
      throw err;
    }
    await markSessionMfa(db, auth.session.id, 'passkey', now);
    return grant(db, auth, input.purpose, 'passkey', now);
  }
  if (hasSecondFactor(factors)) {
    if (input.password !== undefined)
      throw unavailable('code', 'Use a passkey, your authentication code or a recovery code');
    const proof =
      input.code !== undefined ? { code: input.code } : { recoveryCode: input.recoveryCode ?? '' };
    const method = await verifySecondFactor(db, keys, auth.user, proof, { ...context, party });
    await markSessionMfa(db, auth.session.id, method, now);
    return grant(db, auth, input.purpose, method, now);
  }
  if (await orgRequiresMfa(db, auth.org.id, input.purpose))
    throw stepUpRequired(factors, input.purpose, true);
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
