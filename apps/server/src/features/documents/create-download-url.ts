/**
 * A member signed in, after a fresh step-up (428 without one), gets a 60-second link to one of
 * their org's documents; another org's document is 404, like a missing one.
 */
import {
  DOWNLOAD_URL_TTL_MS,
  docIdParamsSchema,
  downloadUrlResponseSchema,
} from '@gatehouse/shared';
import type { Keys } from '../../core/keys.js';
import { defineRoute, type Route } from '../../http/route.js';
import { findDocument } from './service.js';

export const createDownloadUrl: Route = defineRoute(
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
  async ({ auth, target, audit, now, deps }) => {
    audit.set({
      targetType: 'document',
      targetId: target.id,
      metadata: { name: target.name, mfaAt: auth.session.mfaAt?.toISOString() ?? null },
    });
    const { url, expiresAt } = signedDownloadPath(deps.keys, target.id, now);
    return { url, expiresAt: expiresAt.toISOString() };
  },
);

/** A same-origin URL that serves the document for the next 60 seconds, to whoever holds it. */
function signedDownloadPath(keys: Keys, docId: string, now: Date) {
  const expires = now.getTime() + DOWNLOAD_URL_TTL_MS;
  const signature = keys.downloadUrl.sign(`${docId}.${expires}`);
  return {
    url: `/api/storage/download/${docId}?expires=${expires}&signature=${signature}`,
    expiresAt: new Date(expires),
  };
}
