import {
  createShareRequestSchema,
  createShareResponseSchema,
  docIdParamsSchema,
  documentListResponseSchema,
  documentResponseSchema,
  downloadUrlResponseSchema,
  idParamsSchema,
  pageQuerySchema,
  shareListResponseSchema,
  successResponseSchema,
  uploadDocumentRequestSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { geoOf } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import { asRefusal } from '../../http/refusals.js';
import { defineRoute, type Route } from '../../http/route.js';
import { sendFile } from './files.js';
import { documentContent } from './queries.js';
import {
  createShare,
  downloadLinkProblem,
  findDocument,
  listDocuments,
  listShares,
  revokeShare,
  signedDownloadPath,
  storeDocument,
} from './service.js';
import { readUpload, uploadedFileSchema } from './upload.js';

const signedQuerySchema = z.object({
  expires: z.coerce.number().int().positive(),
  signature: z.string().min(1).max(128),
});

export function documentRoutes(deps: AppDeps): Route[] {
  const { config, keys } = deps;
  return [
    defineRoute(
      {
        method: 'get',
        path: '/documents',
        tag: 'documents',
        access: 'session',
        summary: "The organisation's documents, newest first (cursor paging)",
        query: pageQuerySchema,
        response: documentListResponseSchema,
      },
      ({ db, auth, query }) => listDocuments(db, auth, query),
    ),
    defineRoute(
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
      async ({ db, auth, body, audit, now }) => {
        const document = await storeDocument(db, auth, body, {
          now,
          quotaBytes: config.storageQuotaBytes,
        });
        audit.set({
          targetType: 'document',
          targetId: document.id,
          metadata: { name: document.name, size: document.size },
        });
        return { document };
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/storage/download-url/:docId',
        tag: 'documents',
        access: 'session',
        summary: 'A signed download URL valid 60 s',
        params: docIdParamsSchema,
        load: ({ db, auth, params }) => findDocument(db, auth, params.docId),
        stepUp: 'DOWNLOAD',
        response: downloadUrlResponseSchema,
        audit: 'DOCUMENT_DOWNLOADED',
      },
      async ({ auth, target, audit, now }) => {
        audit.set({
          targetType: 'document',
          targetId: target.id,
          metadata: { name: target.name, mfaAt: auth.session.mfaAt?.toISOString() ?? null },
        });
        const { url, expiresAt } = signedDownloadPath(keys, target.id, now);
        return { url, expiresAt: expiresAt.toISOString() };
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/storage/download/:docId',
        tag: 'documents',
        access: 'public',
        summary: 'The file behind a signed download URL, as an attachment',
        params: docIdParamsSchema,
        query: signedQuerySchema,
        audit: 'DOWNLOAD_LINK_USED',
      },
      async ({ db, params, query, req, res, audit, now, afterCommit }) => {
        const problem = downloadLinkProblem(keys, { docId: params.docId, ...query }, now);
        // A bad signature proves nothing about the document, so it is not filed under its org.
        const doc =
          problem === 'bad_signature' ? undefined : await documentContent(db, params.docId);
        if (problem || !doc) {
          throw asRefusal(
            new AppError('FORBIDDEN', 'This download link is not valid or has expired'),
            {
              action: 'DOWNLOAD_LINK_USED',
              reason: problem ?? 'document_gone',
              orgId: doc?.orgId ?? null,
              targetType: 'document',
              targetId: params.docId,
            },
          );
        }
        audit.inOrg(doc.orgId);
        const place = geoOf(req, deps, req.ip ?? null);
        audit.set({
          targetType: 'document',
          targetId: params.docId,
          country: place?.country ?? null,
          city: place?.city ?? null,
          metadata: { name: doc.name },
        });
        // Sent once the row that records it is committed.
        afterCommit(() => sendFile(res, doc));
        return undefined;
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/shares/create',
        tag: 'documents',
        access: 'session',
        status: 201,
        summary: 'A public link to a document',
        body: createShareRequestSchema,
        load: async ({ db, auth, body, audit }) => {
          audit.set({ targetType: 'document', targetId: body.docId });
          return findDocument(db, auth, body.docId);
        },
        stepUp: 'SHARE',
        response: createShareResponseSchema,
        audit: 'SHARE_CREATED',
      },
      async ({ db, auth, body, audit, now }) => {
        const share = await createShare(db, config.appUrl, auth, body, now);
        audit.set({ metadata: { shareId: share.shareId, expiresAt: share.expiresAt } });
        return share;
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/shares',
        tag: 'documents',
        access: 'session',
        summary: 'Live share links: your own, or the whole org for security admins',
        query: pageQuerySchema,
        response: shareListResponseSchema,
      },
      ({ db, auth, query, now }) => listShares(db, auth, query, now),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/shares/:id/revoke',
        tag: 'documents',
        access: 'session',
        summary: 'Revoke a share link (its creator, or SETTINGS_SECURITY_EDIT)',
        params: idParamsSchema,
        response: successResponseSchema,
        audit: 'SHARE_REVOKED',
      },
      async ({ db, auth, params, audit, now }) => {
        audit.set({ targetType: 'share', targetId: params.id });
        const { documentId } = await revokeShare(db, auth, params.id, now);
        audit.set({ metadata: { documentId } });
        return { success: true as const };
      },
    ),
  ];
}
