import {
  isMfaPolicyPurpose,
  MFA_METHODS,
  MFA_POLICY_PURPOSES,
  type StepUpMethod,
  type StepUpPurpose,
  stepUpTtlMs,
} from '@gatehouse/shared';
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { orgSecuritySettings, stepUpGrants } from '../db/schema/index.js';
import { AppError } from '../http/errors.js';
import type { AuthContext } from './sessions.js';

/** How a user can prove themselves again: their second factor if they have one, else the password. */
export function stepUpMethods(auth: AuthContext): StepUpMethod[] {
  return auth.user.totpEnabled ? ['totp', 'recovery_code'] : ['password'];
}

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
  const [settings] = await db
    .select()
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  return settings?.[MFA_POLICY_PURPOSES[purpose]] ?? true;
}

/**
 * True when this session holds an unexpired grant for this purpose (made with a second factor
 * when `mfaOnly`). Uses step_up_grants_session_purpose_idx.
 */
export async function hasFreshGrant(
  db: Executor,
  sessionId: string,
  purpose: StepUpPurpose,
  now: Date,
  mfaOnly = false,
): Promise<boolean> {
  const [grant] = await db
    .select({ id: stepUpGrants.id })
    .from(stepUpGrants)
    .where(
      and(
        eq(stepUpGrants.sessionId, sessionId),
        eq(stepUpGrants.purpose, purpose),
        gt(stepUpGrants.expiresAt, now),
        mfaOnly ? inArray(stepUpGrants.method, [...MFA_METHODS]) : undefined,
      ),
    )
    .limit(1);
  return grant !== undefined;
}

/**
 * The 428 protocol: refuses unless this session re-authenticated for this purpose recently.
 * Downloads and shares need it only when the org's MFA policy says so, and then by MFA.
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

export async function grantStepUp(
  db: Executor,
  auth: AuthContext,
  purpose: StepUpPurpose,
  method: StepUpMethod,
  now: Date,
): Promise<Date> {
  const expiresAt = new Date(now.getTime() + stepUpTtlMs(purpose));
  await db.insert(stepUpGrants).values({
    sessionId: auth.session.id,
    userId: auth.user.id,
    orgId: auth.org.id,
    purpose,
    method,
    verifiedAt: now,
    expiresAt,
  });
  return expiresAt;
}
