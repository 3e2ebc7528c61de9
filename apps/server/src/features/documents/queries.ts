import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { documents, shares, users } from '../../db/schema/index.js';

const documentColumns = {
  id: documents.id,
  name: documents.name,
  mime: documents.mime,
  size: documents.size,
  ownerId: documents.ownerId,
  ownerName: users.name,
  createdAt: documents.createdAt,
};

/** The org's documents, newest first, without their content. Uses documents_org_created_idx. */
export function documentsOfOrg(db: Executor, orgId: string) {
  return db
    .select(documentColumns)
    .from(documents)
    .innerJoin(users, eq(users.id, documents.ownerId))
    .where(eq(documents.orgId, orgId))
    .orderBy(desc(documents.createdAt));
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
    .select({ name: documents.name, mime: documents.mime, content: documents.content })
    .from(documents)
    .where(eq(documents.id, docId));
  return row;
}

/** Live shares of an org, optionally only one creator's. Uses shares_org_live_idx. */
export function liveSharesOfOrg(db: Executor, orgId: string, now: Date, createdBy?: string) {
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
        eq(shares.orgId, orgId),
        isNull(shares.revokedAt),
        gt(shares.expiresAt, now),
        createdBy ? eq(shares.createdBy, createdBy) : undefined,
      ),
    )
    .orderBy(desc(shares.createdAt));
}

/** The document behind a live share token; shares_token_hash_unique. */
export async function documentBySharedToken(db: Executor, tokenHash: Buffer, now: Date) {
  const [row] = await db
    .select({ name: documents.name, mime: documents.mime, content: documents.content })
    .from(shares)
    .innerJoin(documents, eq(documents.id, shares.documentId))
    .where(
      and(eq(shares.tokenHash, tokenHash), isNull(shares.revokedAt), gt(shares.expiresAt, now)),
    );
  return row;
}
