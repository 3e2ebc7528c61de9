import {
  effectiveSessionPolicy,
  type OrgSecurityPatch,
  type OrgSecurityResponse,
  PRESET_MINUTES,
  SESSION_POLICY_BOUNDS,
  sessionPolicyIssue,
} from '@gatehouse/shared';
import { eq } from 'drizzle-orm';
import type { AuthContext } from '../../core/sessions.js';
import type { Database, Executor } from '../../db/client.js';
import { orgSecuritySettings } from '../../db/schema/index.js';
import { AppError } from '../../http/errors.js';
import { activeUsersOf } from './queries.js';

type SettingsRow = typeof orgSecuritySettings.$inferSelect;

/** The settings as the audit row records them: what was stored and what it meant. */
export function settingsSnapshot(row: SettingsRow) {
  return {
    requireMfaForDownloads: row.requireMfaForDownloads,
    requireMfaForShares: row.requireMfaForShares,
    preset: row.sessionPreset,
    idleMinutes: row.idleMinutes,
    absoluteMinutes: row.absoluteMinutes,
    maxSessionsPerUser: row.maxSessionsPerUser,
    effective: effectiveSessionPolicy(row.sessionPreset, row.idleMinutes, row.absoluteMinutes),
  };
}

async function toDTO(
  db: Executor,
  row: SettingsRow,
  auth: AuthContext,
  now: Date,
): Promise<OrgSecurityResponse> {
  const active = await activeUsersOf(db, row.orgId, now);
  return {
    requireMfaForDownloads: row.requireMfaForDownloads,
    requireMfaForShares: row.requireMfaForShares,
    sessionPolicy: {
      preset: row.sessionPreset,
      idleMinutes: row.idleMinutes,
      absoluteMinutes: row.absoluteMinutes,
      effective: effectiveSessionPolicy(row.sessionPreset, row.idleMinutes, row.absoluteMinutes),
      bounds: SESSION_POLICY_BOUNDS,
      presets: PRESET_MINUTES,
    },
    maxSessionsPerUser: row.maxSessionsPerUser,
    activeUsersNextCursor: null,
    activeUsers: active.map((u) => ({
      ...u,
      lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
      isYou: u.id === auth.user.id,
    })),
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}

/** The org's row, created with the defaults if an older org lacks one. */
async function settingsOf(db: Executor, orgId: string, forUpdate = false): Promise<SettingsRow> {
  await db.insert(orgSecuritySettings).values({ orgId }).onConflictDoNothing();
  const query = db.select().from(orgSecuritySettings).where(eq(orgSecuritySettings.orgId, orgId));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new Error('org security settings missing');
  return row;
}

export async function orgSecurity(
  db: Database,
  auth: AuthContext,
  now: Date,
): Promise<OrgSecurityResponse> {
  return toDTO(db, await settingsOf(db, auth.org.id), auth, now);
}

/**
 * Applies the owner's change after checking the invariant on the values that would be in force
 * (the stored row merged with the patch). Returns before/after snapshots for the audit row.
 */
export async function updateOrgSecurity(
  db: Database,
  auth: AuthContext,
  patch: OrgSecurityPatch,
  now: Date,
) {
  return db.transaction(async (tx) => {
    const before = await settingsOf(tx, auth.org.id, true);
    const { preset, ...rest } = patch;
    const merged = {
      preset: preset ?? before.sessionPreset,
      idleMinutes: patch.idleMinutes === undefined ? before.idleMinutes : patch.idleMinutes,
      absoluteMinutes:
        patch.absoluteMinutes === undefined ? before.absoluteMinutes : patch.absoluteMinutes,
    };
    const issue = sessionPolicyIssue(merged);
    if (issue) throw new AppError('VALIDATION_FAILED', issue.message, { issues: [issue] });
    const [after] = await tx
      .update(orgSecuritySettings)
      .set({
        ...rest,
        ...(preset ? { sessionPreset: preset } : {}),
        updatedAt: now,
        updatedBy: auth.user.id,
      })
      .where(eq(orgSecuritySettings.orgId, auth.org.id))
      .returning();
    if (!after) throw new Error('org security settings vanished');
    return {
      before: settingsSnapshot(before),
      after: settingsSnapshot(after),
      response: await toDTO(tx, after, auth, now),
    };
  });
}
