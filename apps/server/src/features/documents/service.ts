import {
  type CreateShareResponse,
  DOCUMENT_MAX_BYTES,
  DOWNLOAD_URL_TTL_MS,
  type DocumentDTO,
  type ShareDTO,
} from '@gatehouse/shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { AuthContext } from '../../core/sessions.js';
import { hashToken, hmac, newSessionToken, safeEqual } from '../../core/tokens.js';
import type { Database } from '../../db/client.js';
import { documents, shares } from '../../db/schema/index.js';
import { AppError, notFound } from '../../http/errors.js';
import { documentInOrg, documentsOfOrg, liveSharesOfOrg } from './queries.js';

const HOUR_MS = 60 * 60 * 1000;

type DocumentRow = Awaited<ReturnType<typeof documentInOrg>> & {};

export function toDocumentDTO(row: DocumentRow): DocumentDTO {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function listDocuments(db: Database, auth: AuthContext): Promise<DocumentDTO[]> {
  return (await documentsOfOrg(db, auth.org.id)).map(toDocumentDTO);
}

export const tooLarge = (): AppError =>
  new AppError('PAYLOAD_TOO_LARGE', `Documents can be at most ${DOCUMENT_MAX_BYTES / 2 ** 20} MB`);

export async function storeDocument(
  db: Database,
  auth: AuthContext,
  file: { name: string; mime: string; content: Buffer },
  now: Date,
): Promise<DocumentDTO> {
  if (file.content.length > DOCUMENT_MAX_BYTES) throw tooLarge();
  const [row] = await db
    .insert(documents)
    .values({
      orgId: auth.org.id,
      ownerId: auth.user.id,
      name: file.name,
      mime: file.mime,
      size: file.content.length,
      content: file.content,
      createdAt: now,
    })
    .returning({ id: documents.id });
  if (!row) throw new Error('document insert returned no row');
  const stored = await documentInOrg(db, auth.org.id, row.id);
  if (!stored) throw new Error('document vanished after insert');
  return toDocumentDTO(stored);
}

/** Another org's document is 404, exactly like a missing one. */
export async function findDocument(db: Database, auth: AuthContext, docId: string) {
  const doc = await documentInOrg(db, auth.org.id, docId);
  if (!doc) throw notFound('Document');
  return doc;
}

const downloadSignature = (appSecret: string, docId: string, expires: number): string =>
  hmac(appSecret, 'download', `${docId}.${expires}`);

/** A same-origin URL that serves the document for the next 60 seconds, to whoever holds it. */
export function signedDownloadPath(appSecret: string, docId: string, now: Date) {
  const expires = now.getTime() + DOWNLOAD_URL_TTL_MS;
  const signature = downloadSignature(appSecret, docId, expires);
  return {
    url: `/api/storage/download/${docId}?expires=${expires}&signature=${signature}`,
    expiresAt: new Date(expires),
  };
}

export function isValidDownloadSignature(
  appSecret: string,
  docId: string,
  expires: number,
  signature: string,
  now: Date,
): boolean {
  return (
    expires > now.getTime() && safeEqual(signature, downloadSignature(appSecret, docId, expires))
  );
}

export async function createShare(
  db: Database,
  appUrl: URL,
  auth: AuthContext,
  input: { docId: string; expiresInHours: number },
  now: Date,
): Promise<CreateShareResponse> {
  const doc = await findDocument(db, auth, input.docId);
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + input.expiresInHours * HOUR_MS);
  const [share] = await db
    .insert(shares)
    .values({
      documentId: doc.id,
      orgId: auth.org.id,
      tokenHash: hashToken(token),
      createdBy: auth.user.id,
      createdAt: now,
      expiresAt,
    })
    .returning({ id: shares.id });
  if (!share) throw new Error('share insert returned no row');
  return {
    url: new URL(`/s/${token}`, appUrl).toString(),
    expiresAt: expiresAt.toISOString(),
    shareId: share.id,
  };
}

/** Admins see every live link of the org; everyone else the links they made. */
export async function listShares(db: Database, auth: AuthContext, now: Date): Promise<ShareDTO[]> {
  const everyone = auth.permissions.includes('SETTINGS_SECURITY_VIEW');
  const rows = await liveSharesOfOrg(db, auth.org.id, now, everyone ? undefined : auth.user.id);
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
}

/** The link's creator or a security admin of the same org may revoke it; anyone else gets 404. */
export async function revokeShare(
  db: Database,
  auth: AuthContext,
  shareId: string,
  now: Date,
): Promise<{ documentId: string }> {
  const mayRevokeAny = auth.permissions.includes('SETTINGS_SECURITY_EDIT');
  const [revoked] = await db
    .update(shares)
    .set({ revokedAt: now })
    .where(
      and(
        eq(shares.id, shareId),
        eq(shares.orgId, auth.org.id),
        isNull(shares.revokedAt),
        mayRevokeAny ? undefined : eq(shares.createdBy, auth.user.id),
      ),
    )
    .returning({ documentId: shares.documentId });
  if (!revoked) throw notFound('Share');
  return revoked;
}
