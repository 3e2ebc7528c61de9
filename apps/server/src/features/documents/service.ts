import {
  type CreateShareResponse,
  DOCUMENT_MAX_BYTES,
  DOWNLOAD_URL_TTL_MS,
  type DocumentDTO,
  type PageQuery,
  type ShareDTO,
} from '@gatehouse/shared';
import type { Keys } from '../../core/keys.js';
import { hashToken, newSessionToken } from '../../core/tokens.js';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError, notFound } from '../../http/errors.js';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { tooLarge } from './files.js';
import {
  documentInOrg,
  documentsOfOrg,
  insertDocument,
  insertShare,
  liveSharesOfOrg,
  lockedStorageUsed,
  revokeShareRow,
} from './queries.js';

const HOUR_MS = 60 * 60 * 1000;

type DocumentRow = NonNullable<Awaited<ReturnType<typeof documentInOrg>>>;

export function toDocumentDTO(row: DocumentRow): DocumentDTO {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

const byCreation = (row: { createdAt: Date; id: string }) => ({ at: row.createdAt, id: row.id });

export async function listDocuments(db: Executor, auth: AuthContext, page: PageQuery) {
  const rows = await documentsOfOrg(db, auth.org.id, page.limit + 1, decodeCursor(page.cursor));
  const { items, nextCursor } = pageOf(rows, page.limit, byCreation);
  return { documents: items.map(toDocumentDTO), nextCursor };
}

function quotaExceeded(quotaBytes: number): AppError {
  const size =
    quotaBytes >= 2 ** 30
      ? `${Math.round((quotaBytes / 2 ** 30) * 10) / 10} GB`
      : `${Math.max(1, Math.round(quotaBytes / 2 ** 20))} MB`;
  return new AppError(
    'STORAGE_QUOTA_EXCEEDED',
    `Your organisation has used its ${size} of storage; delete documents or ask for more`,
  );
}

export async function storeDocument(
  db: Executor,
  auth: AuthContext,
  file: { name: string; mime: string; content: Buffer },
  context: { now: Date; quotaBytes: number },
): Promise<DocumentDTO> {
  if (file.content.length > DOCUMENT_MAX_BYTES) throw tooLarge();
  const used = await lockedStorageUsed(db, auth.org.id);
  if (used + file.content.length > context.quotaBytes) throw quotaExceeded(context.quotaBytes);
  const { id } = await insertDocument(db, {
    orgId: auth.org.id,
    ownerId: auth.user.id,
    name: file.name,
    mime: file.mime,
    size: file.content.length,
    content: file.content,
    createdAt: context.now,
  });
  const stored = await documentInOrg(db, auth.org.id, id);
  if (!stored) throw new Error('document vanished after insert');
  return toDocumentDTO(stored);
}

/** Another org's document is 404, exactly like a missing one. */
export async function findDocument(db: Executor, auth: AuthContext, docId: string) {
  const doc = await documentInOrg(db, auth.org.id, docId);
  if (!doc) throw notFound('Document');
  return doc;
}

/** A same-origin URL that serves the document for the next 60 seconds, to whoever holds it. */
export function signedDownloadPath(keys: Keys, docId: string, now: Date) {
  const expires = now.getTime() + DOWNLOAD_URL_TTL_MS;
  const signature = keys.downloadUrl.sign(`${docId}.${expires}`);
  return {
    url: `/api/storage/download/${docId}?expires=${expires}&signature=${signature}`,
    expiresAt: new Date(expires),
  };
}

/** Why a signed download link is refused, or null when it may be served. */
export function downloadLinkProblem(
  keys: Keys,
  link: { docId: string; expires: number; signature: string },
  now: Date,
): 'bad_signature' | 'expired' | null {
  if (!keys.downloadUrl.verify(`${link.docId}.${link.expires}`, link.signature))
    return 'bad_signature';
  return link.expires > now.getTime() ? null : 'expired';
}

export async function createShare(
  db: Executor,
  appUrl: URL,
  auth: AuthContext,
  input: { docId: string; expiresInHours: number },
  now: Date,
): Promise<CreateShareResponse> {
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + input.expiresInHours * HOUR_MS);
  const share = await insertShare(db, {
    documentId: input.docId,
    orgId: auth.org.id,
    tokenHash: hashToken(token),
    createdBy: auth.user.id,
    createdAt: now,
    expiresAt,
  });
  return {
    url: new URL(`/s/${token}`, appUrl).toString(),
    expiresAt: expiresAt.toISOString(),
    shareId: share.id,
  };
}

/** Admins see every live link of the org; everyone else the links they made. */
export async function listShares(db: Executor, auth: AuthContext, page: PageQuery, now: Date) {
  const everyone = auth.permissions.includes('SETTINGS_SECURITY_VIEW');
  const filter = { orgId: auth.org.id, now, ...(everyone ? {} : { createdBy: auth.user.id }) };
  const rows = await liveSharesOfOrg(db, filter, page.limit + 1, decodeCursor(page.cursor));
  const { items, nextCursor } = pageOf(rows, page.limit, byCreation);
  const shares: ShareDTO[] = items.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
  return { shares, nextCursor };
}

/** The link's creator or a security admin of the same org may revoke it; anyone else gets 404. */
export async function revokeShare(
  db: Executor,
  auth: AuthContext,
  shareId: string,
  now: Date,
): Promise<{ documentId: string }> {
  const mayRevokeAny = auth.permissions.includes('SETTINGS_SECURITY_EDIT');
  const revoked = await revokeShareRow(
    db,
    { id: shareId, orgId: auth.org.id, ...(mayRevokeAny ? {} : { createdBy: auth.user.id }) },
    now,
  );
  if (!revoked) throw notFound('Share');
  return revoked;
}
