import type { AuditCheckpoint } from '@gatehouse/shared';
import type { AuditRow } from './queries.js';

/** The CSV's columns, in order: every field of an entry and its chain hash. */
const CSV_COLUMNS = [
  'seq',
  'at',
  'action',
  'outcome',
  'failureReason',
  'actorUserId',
  'realUserId',
  'actorTokenId',
  'isImpersonating',
  'targetType',
  'targetId',
  'ip',
  'userAgent',
  'country',
  'city',
  'before',
  'after',
  'metadata',
  'hash',
] as const satisfies readonly (keyof AuditRow)[];

/** A spreadsheet runs a cell that starts like a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field: formula-like text neutralised with a leading `'`, quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (typeof value === 'string' || typeof value === 'object') {
    if (FORMULA_START.test(text)) text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(row: AuditRow): string {
  return `${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`;
}

/** An entry line carries every column (the hashed fields and the chain's), as stored. */
export function jsonlEntry(row: AuditRow): string {
  return `${JSON.stringify({ type: 'entry', ...row })}\n`;
}

export function jsonlCheckpoint(checkpoint: AuditCheckpoint): string {
  return `${JSON.stringify({ type: 'checkpoint', ...checkpoint })}\n`;
}
