/**
 * Any member signed in uploads a document to their organisation; a file over 10 MB is refused
 * (413), and so is one that would take the org past its storage quota.
 */
import {
  DOCUMENT_MAX_BYTES,
  type DocumentDTO,
  documentResponseSchema,
  uploadDocumentRequestSchema,
} from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { tooLarge } from './files.js';
import { documentInOrg, insertDocument, lockedStorageUsed } from './queries.js';
import { toDocumentDTO } from './service.js';
import { readUpload, uploadedFileSchema } from './upload.js';

export const uploadDocument: Route = defineRoute(
  {
    method: 'post',
    path: '/documents',
    tag: 'documents',
    access: 'session',
    status: 201,
    summary:
      'Upload a document: JSON {name, mime, contentBase64} or multipart field "file" (10 MB)',
    readBody: readUpload,
    body: uploadedFileSchema,
    openApiBody: uploadDocumentRequestSchema,
    response: documentResponseSchema,
    audit: 'DOCUMENT_UPLOADED',
  },
  async ({ db, auth, body, audit, now, deps }) => {
    const document = await storeDocument(db, auth, body, {
      now,
      quotaBytes: deps.config.storageQuotaBytes,
    });
    audit.set({
      targetType: 'document',
      targetId: document.id,
      metadata: { name: document.name, size: document.size },
    });
    return { document };
  },
);

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

async function storeDocument(
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
