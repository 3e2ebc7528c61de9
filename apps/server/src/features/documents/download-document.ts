/**
 * Whoever holds a signed download URL gets the file as an attachment, no session needed; a bad
 * signature, an expired link or a deleted document is 403, and the refusal is recorded.
 */
import { docIdParamsSchema } from '@gatehouse/shared';
import { z } from 'zod';
import type { Keys } from '../../core/keys.js';
import { geoOf } from '../../http/client-info.js';
import { AppError } from '../../http/errors.js';
import { asRefusal } from '../../http/refusals.js';
import { defineRoute, type Route } from '../../http/route.js';
import { sendFile } from './files.js';
import { documentContent } from './queries.js';

const signedQuerySchema = z.object({
  expires: z.coerce.number().int().positive(),
  signature: z.string().min(1).max(128),
});

export const downloadDocument: Route = defineRoute(
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
  async ({ db, params, query, req, res, audit, now, afterCommit, deps }) => {
    const problem = downloadLinkProblem(deps.keys, { docId: params.docId, ...query }, now);
    // A bad signature proves nothing about the document, so it is not filed under its org.
    const doc = problem === 'bad_signature' ? undefined : await documentContent(db, params.docId);
    if (problem || !doc) {
      throw asRefusal(new AppError('FORBIDDEN', 'This download link is not valid or has expired'), {
        action: 'DOWNLOAD_LINK_USED',
        reason: problem ?? 'document_gone',
        orgId: doc?.orgId ?? null,
        targetType: 'document',
        targetId: params.docId,
      });
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
);

/** Why a signed download link is refused, or null when it may be served. */
function downloadLinkProblem(
  keys: Keys,
  link: { docId: string; expires: number; signature: string },
  now: Date,
): 'bad_signature' | 'expired' | null {
  if (!keys.downloadUrl.verify(`${link.docId}.${link.expires}`, link.signature))
    return 'bad_signature';
  return link.expires > now.getTime() ? null : 'expired';
}
