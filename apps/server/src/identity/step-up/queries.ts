import {
  MFA_METHODS,
  ORG_SETTINGS_WINDOW_MS,
  ORG_SETTINGS_WINDOW_OPENERS,
  type StepUpMethod,
  type StepUpPurpose,
} from '@gatehouse/shared';
import { and, eq, gt, inArray, or } from 'drizzle-orm';
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
 * when `mfaOnly`), or, for an organisation-settings action, an unexpired grant of any purpose
 * that opens the shared window, verified within the last 5 minutes (DESIGN §5). Uses
 * step_up_grants_session_purpose_idx (a session holds few grants).
 */
export async function hasFreshGrant(
  db: Executor,
  sessionId: string,
  purpose: StepUpPurpose,
  now: Date,
  rules: { mfaOnly: boolean; orgSettings: boolean },
): Promise<boolean> {
  const windowOpened = new Date(now.getTime() - ORG_SETTINGS_WINDOW_MS);
  const [grant] = await db
    .select({ id: stepUpGrants.id })
    .from(stepUpGrants)
    .where(
      and(
        eq(stepUpGrants.sessionId, sessionId),
        gt(stepUpGrants.expiresAt, now),
        rules.orgSettings
          ? or(
              eq(stepUpGrants.purpose, purpose),
              and(
                inArray(stepUpGrants.purpose, [...ORG_SETTINGS_WINDOW_OPENERS]),
                gt(stepUpGrants.verifiedAt, windowOpened),
              ),
            )
          : eq(stepUpGrants.purpose, purpose),
        rules.mfaOnly ? inArray(stepUpGrants.method, [...MFA_METHODS]) : undefined,
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
