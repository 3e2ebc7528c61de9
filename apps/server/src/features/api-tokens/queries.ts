import { and, desc, eq, isNull } from 'drizzle-orm';
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

export async function markRevoked(db: Executor, id: string, by: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: now, revokedBy: by }).where(eq(apiTokens.id, id));
}

export async function recordUse(db: Executor, id: string, at: Date, ip: string | null) {
  await db.update(apiTokens).set({ lastUsedAt: at, lastUsedIp: ip }).where(eq(apiTokens.id, id));
}
