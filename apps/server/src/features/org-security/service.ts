import type { OrgSecurityPatch, OrgSecurityResponse } from '@gatehouse/shared';
import { eq } from 'drizzle-orm';
import type { AuthContext } from '../../core/sessions.js';
import type { Database, Executor } from '../../db/client.js';
import { orgSecuritySettings } from '../../db/schema/index.js';

type SettingsRow = typeof orgSecuritySettings.$inferSelect;

function toDTO(row: SettingsRow): OrgSecurityResponse {
  return {
    requireMfaForDownloads: row.requireMfaForDownloads,
    requireMfaForShares: row.requireMfaForShares,
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}

/** The org's row, created with the defaults if an older org lacks one. */
async function settingsOf(db: Executor, orgId: string): Promise<SettingsRow> {
  await db.insert(orgSecuritySettings).values({ orgId }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(orgSecuritySettings)
    .where(eq(orgSecuritySettings.orgId, orgId));
  if (!row) throw new Error('org security settings missing');
  return row;
}

export async function orgSecurity(db: Database, auth: AuthContext): Promise<OrgSecurityResponse> {
  return toDTO(await settingsOf(db, auth.org.id));
}

/** Applies the owner's change; returns the settings before and after, for the audit row. */
export async function updateOrgSecurity(
  db: Database,
  auth: AuthContext,
  patch: OrgSecurityPatch,
  now: Date,
): Promise<{ before: OrgSecurityResponse; after: OrgSecurityResponse }> {
  return db.transaction(async (tx) => {
    const before = await settingsOf(tx, auth.org.id);
    const [after] = await tx
      .update(orgSecuritySettings)
      .set({ ...patch, updatedAt: now, updatedBy: auth.user.id })
      .where(eq(orgSecuritySettings.orgId, auth.org.id))
      .returning();
    if (!after) throw new Error('org security settings vanished');
    return { before: toDTO(before), after: toDTO(after) };
  });
}
