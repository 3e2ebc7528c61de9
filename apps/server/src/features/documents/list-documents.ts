/**
 * Any member signed in (a browser session, not an API token) lists their organisation's
 * documents, never another org's.
 */
import { documentListResponseSchema, pageQuerySchema } from '@gatehouse/shared';
import { decodeCursor, pageOf } from '../../http/paging.js';
import { defineRoute, type Route } from '../../http/route.js';
import { documentsOfOrg } from './queries.js';
import { byCreation, toDocumentDTO } from './service.js';

export const listDocuments: Route = defineRoute(
  {
    method: 'get',
    path: '/documents',
    tag: 'documents',
    access: 'session',
    summary: "The organisation's documents, newest first (cursor paging)",
    query: pageQuerySchema,
    response: documentListResponseSchema,
  },
  async ({ db, auth, query }) => {
    const rows = await documentsOfOrg(db, auth.org.id, query.limit + 1, decodeCursor(query.cursor));
    const { items, nextCursor } = pageOf(rows, query.limit, byCreation);
    return { documents: items.map(toDocumentDTO), nextCursor };
  },
);
