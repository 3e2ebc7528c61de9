import type { DocumentDTO } from '@gatehouse/shared';
import type { Executor } from '../../db/client.js';
import type { AuthContext } from '../../http/auth-context.js';
import { notFound } from '../../http/errors.js';
import { documentInOrg } from './queries.js';

type DocumentRow = NonNullable<Awaited<ReturnType<typeof documentInOrg>>>;

export function toDocumentDTO(row: DocumentRow): DocumentDTO {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export const byCreation = (row: { createdAt: Date; id: string }) => ({
  at: row.createdAt,
  id: row.id,
});

/** Another org's document is 404, exactly like a missing one. */
export async function findDocument(db: Executor, auth: AuthContext, docId: string) {
  const doc = await documentInOrg(db, auth.org.id, docId);
  if (!doc) throw notFound('Document');
  return doc;
}
