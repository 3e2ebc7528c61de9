import { and, type Column, eq, gt, lt, or, type SQL } from 'drizzle-orm';

/**
 * Keyset paging: the rows strictly past a cursor in (time, id) order — newer-first (`desc`) or
 * older-first (`asc`) — so a page is an index range scan and each row comes exactly once.
 */
export function pastCursor(
  cursor: { at: Date; id: string } | undefined,
  columns: { at: Column; id: Column },
  order: 'asc' | 'desc',
): SQL | undefined {
  if (!cursor) return undefined;
  const beyond = order === 'desc' ? lt : gt;
  return or(
    beyond(columns.at, cursor.at),
    and(eq(columns.at, cursor.at), beyond(columns.id, cursor.id)),
  );
}
