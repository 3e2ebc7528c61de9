import { type StepUpMethod, type StepUpPurpose, stepUpTtlMs } from '@gatehouse/shared';
import { and, eq, gt } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { stepUpGrants } from '../db/schema/index.js';
import { AppError } from '../http/errors.js';
import type { AuthContext } from './sessions.js';

/** How a user can prove themselves again: their second factor if they have one, else the password. */
export function stepUpMethods(auth: AuthContext): StepUpMethod[] {
  return auth.user.totpEnabled ? ['totp', 'recovery_code'] : ['password'];
}

export function stepUpRequired(auth: AuthContext, purpose: StepUpPurpose): AppError {
  return new AppError('STEP_UP_REQUIRED', 'Verify it is you to continue', {
    purpose,
    methods: stepUpMethods(auth),
  });
}

/** True when this session holds an unexpired grant for this purpose. Uses step_up_grants_session_purpose_idx. */
export async function hasFreshGrant(
  db: Executor,
  sessionId: string,
  purpose: StepUpPurpose,
  now: Date,
): Promise<boolean> {
  const [grant] = await db
    .select({ id: stepUpGrants.id })
    .from(stepUpGrants)
    .where(
      and(
        eq(stepUpGrants.sessionId, sessionId),
        eq(stepUpGrants.purpose, purpose),
        gt(stepUpGrants.expiresAt, now),
      ),
    )
    .limit(1);
  return grant !== undefined;
}

/** The 428 protocol: refuses unless this session re-authenticated for this purpose recently. */
export async function requireStepUp(
  db: Executor,
  auth: AuthContext,
  purpose: StepUpPurpose,
  now: Date,
): Promise<void> {
  if (!(await hasFreshGrant(db, auth.session.id, purpose, now)))
    throw stepUpRequired(auth, purpose);
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
