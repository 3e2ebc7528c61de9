import {
  isMfaPolicyPurpose,
  MFA_POLICY_PURPOSES,
  type StepUpMethod,
  type StepUpPurpose,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { hasFreshGrant, orgMfaSettings } from './queries.js';

/** How a user can prove themselves again: their second factor if they have one, else the password. */
export function stepUpMethods(auth: AuthContext): StepUpMethod[] {
  return auth.user.totpEnabled ? ['totp', 'recovery_code'] : ['password'];
}

/** The 428 (DESIGN §5); `mfaRequired` when only a second factor will do and there is none yet. */
export function stepUpRequired(
  auth: AuthContext,
  purpose: StepUpPurpose,
  mfaRequired = false,
): AppError {
  if (mfaRequired && !auth.user.totpEnabled) {
    return new AppError(
      'STEP_UP_REQUIRED',
      'Your organisation requires two-factor authentication for this; set it up first',
      { purpose, methods: [], mfaEnrollmentRequired: true },
    );
  }
  return new AppError('STEP_UP_REQUIRED', 'Verify it is you to continue', {
    purpose,
    methods: stepUpMethods(auth),
  });
}

/** True when the org's MFA policy covers this purpose (downloads, shares) and is switched on. */
export async function orgRequiresMfa(
  db: Executor,
  orgId: string,
  purpose: StepUpPurpose,
): Promise<boolean> {
  if (!isMfaPolicyPurpose(purpose)) return false;
  const settings = await orgMfaSettings(db, orgId);
  return settings?.[MFA_POLICY_PURPOSES[purpose]] ?? true;
}

/**
 * The 428 protocol, run by the route runner after authentication, permission and the target:
 * refuses unless this session re-authenticated for this purpose recently. Downloads and shares
 * need it only when the org's MFA policy says so, and then by a second factor.
 */
export async function requireStepUp(
  db: Executor,
  auth: AuthContext,
  purpose: StepUpPurpose,
  now: Date,
): Promise<void> {
  const mfaOnly = isMfaPolicyPurpose(purpose);
  if (mfaOnly && !(await orgRequiresMfa(db, auth.org.id, purpose))) return;
  if (!(await hasFreshGrant(db, auth.session.id, purpose, now, mfaOnly)))
    throw stepUpRequired(auth, purpose, mfaOnly);
}
