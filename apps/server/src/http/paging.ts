import { z } from 'zod';
import { AppError } from './errors.js';

/** Where a page ended, in (time desc, id desc) order: opaque to clients. */
export interface PageCursor {
  at: Date;
  id: string;
}

const decoded = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString('base64url');
}

/** The cursor a client sent back; anything we did not make is a 422 on `cursor`. */
export function decodeCursor(text: string | undefined): PageCursor | undefined {
  if (text === undefined) return undefined;
  const parsed = decoded.safeParse(Buffer.from(text, 'base64url').toString('utf8').split('|'));
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', {
      issues: [{ path: 'cursor', message: 'not a cursor from this API' }],
    });
  }
  return { at: new Date(parsed.data[0]), id: parsed.data[1] };
}

/**
 * Cuts a page from rows fetched with `limit + 1`: the extra row only says whether there is more,
 * and the last row kept is where the next page starts.
 */
export function pageOf<Row>(
  rows: Row[],
  limit: number,
  cursorOf: (row: Row) => PageCursor,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null,
  };
}

/** A cursor over one org's audit chain: its `seq`, which only grows. */
export function encodeSeqCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeSeqCursor(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match?.[1]) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', {
      issues: [{ path: 'cursor', message: 'not a cursor from this API' }],
    });
  }
  return Number(match[1]);
}
