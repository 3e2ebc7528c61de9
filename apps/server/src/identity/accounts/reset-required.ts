import type { Executor } from '../../db/client.js';
import { AppError } from '../../http/errors.js';
import { setPasswordResetRequired } from './queries.js';

/**
 * After "This wasn't me" the old password may be the attacker's too: sign-in with it is refused
 * (after it was checked, so a guesser learns nothing) until the password is reset.
 */
export function assertNoPasswordResetRequired(user: {
  passwordResetRequiredAt: Date | null;
}): void {
  if (user.passwordResetRequiredAt) {
    throw new AppError(
      'PASSWORD_RESET_REQUIRED',
      'For your security, choose a new password with "Forgot password?" before signing in',
    );
  }
}

export async function requirePasswordReset(db: Executor, userId: string, now: Date): Promise<void> {
  await setPasswordResetRequired(db, userId, now);
}

/** The password was reset: sign-in works again. Called by the reset flow, in its transaction. */
export async function clearPasswordResetRequirement(db: Executor, userId: string): Promise<void> {
  await setPasswordResetRequired(db, userId, null);
}
