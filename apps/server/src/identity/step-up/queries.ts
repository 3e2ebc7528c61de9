import { MFA_METHODS, type StepUpMethod, type StepUpPurpose } from '@gatehouse/shared';
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { orgSecuritySettings, stepUpGrants } from '../../db/schema/index.js';

export async function orgMfaSettings(db: Executor, orgId: string) {
  const [settings] = await db
    .select({
      requireMfaForDownloads: orgSecuritySettings.requireMfaForDownloads,
      requireMfaForShares: orgSecuritySettings.requireMfaForShares,
    })
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  return settings;
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
  mfaOnly: boolean,
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

export async function insertGrant(
  db: Executor,
  grant: {
    sessionId: string;
    userId: string;
    orgId: string;
    purpose: StepUpPurpose;
    method: StepUpMethod;
    verifiedAt: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db.insert(stepUpGrants).values(grant);
}
