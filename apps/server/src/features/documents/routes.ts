import {
  createShareRequestSchema,
  createShareResponseSchema,
  docIdParamsSchema,
  documentListResponseSchema,
  documentResponseSchema,
  downloadUrlResponseSchema,
  idParamsSchema,
  shareListResponseSchema,
} from '@gatehouse/shared';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { AppError } from '../../http/errors.js';
import { defineRoute, type Route } from '../../http/route.js';
import { documentContent } from './queries.js';
import {
  createShare,
  findDocument,
  isValidDownloadSignature,
  listDocuments,
  listShares,
  revokeShare,
  signedDownloadPath,
  storeDocument,
} from './service.js';
import { readUpload } from './upload.js';

const signedQuerySchema = z.object({
  expires: z.coerce.number().int().positive(),
  signature: z.string().min(1).max(128),
});

export function documentRoutes({ db, config }: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/documents',
        tag: 'documents',
        access: 'session',
        summary: "The organisation's documents, newest first",
        response: documentListResponseSchema,
      },
      async ({ auth }) => ({ documents: await listDocuments(db, auth) }),
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
        response: documentResponseSchema,
        audit: 'DOCUMENT_UPLOADED',
      },
      async ({ req, res, auth, audit, now }) => {
        const file = await readUpload(req, res);
        const document = await storeDocument(db, auth, file, now);
        Object.assign(audit, {
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
        stepUp: 'DOWNLOAD',
        summary: 'A signed download URL valid 60 s (step-up DOWNLOAD when the org requires MFA)',
        params: docIdParamsSchema,
        response: downloadUrlResponseSchema,
        audit: 'DOCUMENT_DOWNLOADED',
      },
      async ({ auth, params, audit, now }) => {
        const doc = await findDocument(db, auth, params.docId);
        Object.assign(audit, {
          targetType: 'document',
          targetId: doc.id,
          metadata: { name: doc.name, mfaAt: auth.session.mfaAt?.toISOString() ?? null },
        });
        const { url, expiresAt } = signedDownloadPath(config.appSecret, doc.id, now);
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
      },
      async ({ params, query, res, now }) => {
        const valid = isValidDownloadSignature(
          config.appSecret,
          params.docId,
          query.expires,
          query.signature,
          now,
        );
        const doc = valid ? await documentContent(db, params.docId) : undefined;
        if (!doc) throw new AppError('FORBIDDEN', 'This download link is not valid or has expired');
        res.attachment(doc.name).type(doc.mime).send(doc.content);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/shares/create',
        tag: 'documents',
        access: 'session',
        stepUp: 'SHARE',
        status: 201,
        summary: 'A public link to a document (step-up SHARE when the org requires MFA)',
        body: createShareRequestSchema,
        response: createShareResponseSchema,
        audit: 'SHARE_CREATED',
      },
      async ({ auth, body, audit, now }) => {
        Object.assign(audit, { targetType: 'document', targetId: body.docId });
        const share = await createShare(db, config.appUrl, auth, body, now);
        audit.metadata = { shareId: share.shareId, expiresAt: share.expiresAt };
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
        response: shareListResponseSchema,
      },
      async ({ auth, now }) => ({ shares: await listShares(db, auth, now) }),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/shares/:id/revoke',
        tag: 'documents',
        access: 'session',
        summary: 'Revoke a share link (its creator, or SETTINGS_SECURITY_EDIT)',
        params: idParamsSchema,
        response: z.object({ success: z.literal(true) }),
        audit: 'SHARE_REVOKED',
      },
      async ({ auth, params, audit, now }) => {
        Object.assign(audit, { targetType: 'share', targetId: params.id });
        const { documentId } = await revokeShare(db, auth, params.id, now);
        audit.metadata = { documentId };
        return { success: true as const };
      },
    ),
  ];
}
