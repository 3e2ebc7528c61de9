import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { lockFor } from '../../db/lock.js';
import { pastCursor } from '../../db/paging.js';
import { documents, shares, users } from '../../db/schema/index.js';
import type { PageCursor } from '../../http/paging.js';

const documentColumns = {
  id: documents.id,
  name: documents.name,
  mime: documents.mime,
  size: documents.size,
  ownerId: documents.ownerId,
  ownerName: users.name,
  createdAt: documents.createdAt,
};

/** One page of the org's documents, newest first, without content. Uses documents_org_created_idx. */
export function documentsOfOrg(db: Executor, orgId: string, limit: number, cursor?: PageCursor) {
  return db
    .select(documentColumns)
    .from(documents)
    .innerJoin(users, eq(users.id, documents.ownerId))
    .where(
      and(
        eq(documents.orgId, orgId),
        pastCursor(cursor, { at: documents.createdAt, id: documents.id }, 'desc'),
      ),
    )
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(limit);
}

export async function documentInOrg(db: Executor, orgId: string, docId: string) {
  const [row] = await db
    .select(documentColumns)
    .from(documents)
    .innerJoin(users, eq(users.id, documents.ownerId))
    .where(and(eq(documents.orgId, orgId), eq(documents.id, docId)));
  return row;
}

export async function documentContent(db: Executor, docId: string) {
  const [row] = await db
    .select({
      orgId: documents.orgId,
      name: documents.name,
      mime: documents.mime,
      content: documents.content,
    })
    .from(documents)
    .where(eq(documents.id, docId));
  return row;
}

/**
 * Bytes the org stores, with uploads of the org serialised (a transaction-scoped lock) so two
 * at once cannot both squeeze under the quota.
 */
export async function lockedStorageUsed(db: Executor, orgId: string): Promise<number> {
  await lockFor(db, `storage:${orgId}`);
  const [row] = await db
    .select({ bytes: sql<string>`coalesce(sum(${documents.size}), 0)::bigint` })
    .from(documents)
    .where(eq(documents.orgId, orgId));
  return Number(row?.bytes ?? 0);
}

export async function insertDocument(db: Executor, values: typeof documents.$inferInsert) {
  const [row] = await db.insert(documents).values(values).returning({ id: documents.id });
  if (!row) throw new Error('document insert returned no row');
  return row;
}

export async function insertShare(db: Executor, values: typeof shares.$inferInsert) {
  const [share] = await db.insert(shares).values(values).returning({ id: shares.id });
  if (!share) throw new Error('share insert returned no row');
  return share;
}

/** One page of live shares of an org, optionally one creator's. Uses shares_org_live_idx. */
export function liveSharesOfOrg(
  db: Executor,
  filter: { orgId: string; now: Date; createdBy?: string },
  limit: number,
  cursor?: PageCursor,
) {
  return db
    .select({
      id: shares.id,
      documentId: shares.documentId,
      documentName: documents.name,
      createdBy: shares.createdBy,
      createdAt: shares.createdAt,
      expiresAt: shares.expiresAt,
    })
    .from(shares)
    .innerJoin(documents, eq(documents.id, shares.documentId))
    .where(
      and(
        eq(shares.orgId, filter.orgId),
        isNull(shares.revokedAt),
        gt(shares.expiresAt, filter.now),
        filter.createdBy ? eq(shares.createdBy, filter.createdBy) : undefined,
        pastCursor(cursor, { at: shares.createdAt, id: shares.id }, 'desc'),
      ),
    )
    .orderBy(desc(shares.createdAt), desc(shares.id))
    .limit(limit);
}

/** Revokes a live share of the org (only the creator's own unless `anyCreator`). */
export async function revokeShareRow(
  db: Executor,
  share: { id: string; orgId: string; createdBy?: string },
  now: Date,
) {
  const [revoked] = await db
    .update(shares)
    .set({ revokedAt: now })
    .where(
      and(
        eq(shares.id, share.id),
        eq(shares.orgId, share.orgId),
        isNull(shares.revokedAt),
        share.createdBy ? eq(shares.createdBy, share.createdBy) : undefined,
      ),
    )
    .returning({ documentId: shares.documentId });
  return revoked;
}

/**
 * The share behind a token, live or not (a refusal says whether it expired or was revoked), and
 * its document; shares_token_hash_unique.
 */
export async function shareByToken(db: Executor, tokenHash: Buffer) {
  const [row] = await db
    .select({
      shareId: shares.id,
      orgId: shares.orgId,
      documentId: shares.documentId,
      expiresAt: shares.expiresAt,
      revokedAt: shares.revokedAt,
      name: documents.name,
      mime: documents.mime,
      content: documents.content,
    })
    .from(shares)
    .innerJoin(documents, eq(documents.id, shares.documentId))
    .where(eq(shares.tokenHash, tokenHash));
  return row;
}
