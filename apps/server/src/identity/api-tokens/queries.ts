import { and, desc, eq, gt, isNull, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { apiTokens, users } from '../../db/schema/index.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function tokenByHash(db: Executor, hash: Buffer): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash));
  return row;
}

/** The org's tokens not revoked, newest first, with who created them. */
export function orgTokens(db: Executor, orgId: string) {
  return db
    .select({ token: apiTokens, creator: { id: users.id, name: users.name } })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .where(and(eq(apiTokens.orgId, orgId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function insertToken(
  db: Executor,
  values: typeof apiTokens.$inferInsert,
): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** A live (not revoked) token of the org, locked for its revoke. */
export async function liveTokenOfOrg(db: Executor, id: string, orgId: string) {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), eq(apiTokens.orgId, orgId), isNull(apiTokens.revokedAt)))
    .for('update');
  return row;
}

/** Revokes one live token of the org; false when it was revoked (or never the org's). */
export async function markRevoked(
  db: Executor,
  token: { id: string; orgId: string },
  by: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now, revokedBy: by })
    .where(
      and(
        eq(apiTokens.id, token.id),
        eq(apiTokens.orgId, token.orgId),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  return rows.length === 1;
}

/** Revokes every live token a user created in their org (api_tokens_org_idx); their ids. */
export async function revokeCreatedBy(
  db: Executor,
  creator: { id: string; orgId: string },
  change: { revokedBy: string | null; now: Date },
): Promise<string[]> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: change.now, revokedBy: change.revokedBy })
    .where(
      and(
        eq(apiTokens.orgId, creator.orgId),
        eq(apiTokens.createdBy, creator.id),
        isNull(apiTokens.revokedAt),
      ),
    )
    .returning({ id: apiTokens.id });
  return rows.map((r) => r.id);
}

/** A user's tokens that still work (not revoked, not expired), newest first. */
export function liveCreatedBy(db: Executor, creator: { id: string; orgId: string }, now: Date) {
  return db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.orgId, creator.orgId),
        eq(apiTokens.createdBy, creator.id),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .orderBy(desc(apiTokens.createdAt));
}

export async function recordUse(db: Executor, id: string, at: Date, ip: string | null) {
  await db.update(apiTokens).set({ lastUsedAt: at, lastUsedIp: ip }).where(eq(apiTokens.id, id));
}
