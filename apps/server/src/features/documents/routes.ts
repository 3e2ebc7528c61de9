import type { Route } from '../../http/route.js';
import { createDownloadUrl } from './create-download-url.js';
import { createShareLink } from './create-share-link.js';
import { downloadDocument } from './download-document.js';
import { listDocuments } from './list-documents.js';
import { listShareLinks } from './list-share-links.js';
import { revokeShareLink } from './revoke-share-link.js';
import { uploadDocument } from './upload-document.js';

/**
 * Documents: the org's files, signed downloads and share links (one file per use case, decision
 * 019).
 */
export const documentRoutes = (): Route[] => [
  listDocuments,
  uploadDocument,
  createDownloadUrl,
  downloadDocument,
  createShareLink,
  listShareLinks,
  revokeShareLink,
];
