import {
  isMfaPolicyPurpose,
  isOrgSettingsPurpose,
  MFA_POLICY_PURPOSES,
  type StepUpMethod,
  type StepUpPurpose,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import type { StepUpOptions } from '../../http/route-def.js';
import { passkeyStanding } from '../passkeys/service.js';
import { hasFreshGrant, orgMfaSettings } from './queries.js';

/** What a user can prove themselves with: their passkeys and TOTP, as the org allows. */
export interface Factors {
  passkeys: number;
  totp: boolean;
  /** The org requires passkeys of this owner or admin (decision 024). */
  passkeyRequired: boolean;
}

export async function factorsOf(db: Executor, auth: AuthContext): Promise<Factors> {
  const standing = await passkeyStanding(db, auth.user);
  return {
    passkeys: standing.count,
    totp: auth.user.totpEnabled,
    passkeyRequired: standing.required,
  };
}

/**
 * How a user can prove themselves again: a passkey first when there is one, TOTP, recovery codes
 * (which cover every factor); the password only without a factor. An owner or admin whose org
 * requires passkeys and who has one: the passkey alone.
 */
export function stepUpMethods(factors: Factors): StepUpMethod[] {
  if (factors.passkeyRequired && factors.passkeys > 0) return ['passkey'];
  const methods: StepUpMethod[] = [];
  if (factors.passkeys > 0) methods.push('passkey');
  if (factors.totp) methods.push('totp');
  return methods.length > 0 ? [...methods, 'recovery_code'] : ['password'];
}

export const hasSecondFactor = (factors: Factors): boolean => factors.passkeys > 0 || factors.totp;

/** The 428 (DESIGN §5); `mfaRequired` when only a second factor will do and there is none yet. */
export function stepUpRequired(
  factors: Factors,
  purpose: StepUpPurpose,
  mfaRequired = false,
  description?: string,
): AppError {
  const described = description ? { description } : {};
  if (mfaRequired && !hasSecondFactor(factors)) {
    return new AppError(
      'STEP_UP_REQUIRED',
      'Your organisation requires two-factor authentication for this; set it up first',
      { purpose, methods: [], mfaEnrollmentRequired: true, ...described },
    );
  }
  return new AppError('STEP_UP_REQUIRED', 'Verify it is you to continue', {
    purpose,
    methods: stepUpMethods(factors),
    ...described,
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
 * refuses unless this session re-authenticated for this purpose recently, or, for an
 * organisation-settings action, for any organisation-settings purpose in the last 5 minutes
 * (DESIGN §5). Revoking a session is one only when the route says so (another user's session).
 * Downloads and shares need it only when the org's MFA policy says so, and then by a second
 * factor. The 428 names the action when the route describes it.
 */
export async function requireStepUp(
  db: Executor,
  auth: AuthContext,
  purpose: StepUpPurpose,
  now: Date,
  options: StepUpOptions = {},
): Promise<void> {
  const mfaOnly = isMfaPolicyPurpose(purpose);
  if (mfaOnly && !(await orgRequiresMfa(db, auth.org.id, purpose))) return;
  const orgSettings =
    options.orgSettings ?? (isOrgSettingsPurpose(purpose) && purpose !== 'REVOKE_SESSION');
  if (await hasFreshGrant(db, auth.session.id, purpose, now, { mfaOnly, orgSettings })) return;
  const description = options.describe ? await options.describe() : undefined;
  throw stepUpRequired(await factorsOf(db, auth), purpose, mfaOnly, description);
}
