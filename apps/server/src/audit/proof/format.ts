import type { AuditCheckpoint } from '@gatehouse/shared';
import type { AuditRowNames } from '../reading/service.js';
import type { AuditRow } from './queries.js';

/** One CSV line's data: the stored entry, and the words and names a reader needs beside its ids. */
export type CsvRow = AuditRow & AuditRowNames;

/**
 * The CSV's columns, in order: every field of an entry and its chain hash, with the action and
 * the failure in words (the shared labels table) and the people by name and email beside their
 * ids (issue 20). Names are read at export time: a renamed user shows their current name.
 */
const CSV_COLUMNS = [
  'seq',
  'at',
  'action',
  'actionLabel',
  'outcome',
  'failureReason',
  'failureReasonLabel',
  'actorUserId',
  'actorName',
  'actorEmail',
  'realUserId',
  'realUserName',
  'actorTokenId',
  'actorTokenName',
  'isImpersonating',
  'targetType',
  'targetId',
  'targetName',
  'targetEmail',
  'ip',
  'userAgent',
  'country',
  'city',
  'before',
  'after',
  'metadata',
  'hash',
] as const satisfies readonly (keyof CsvRow)[];

/**
 * Where a spreadsheet may begin a cell: the start of the field, and after every delimiter it may
 * split on when it re-reads the text (`,`, `;` in `;`-locales, tab, and line breaks inside a
 * quoted field). Spaces and a double quote may come first: spreadsheets skip the one and unquote
 * the other before they look for a formula.
 */
const CELL_START = /(?<=^|[,;\t\r\n])(?=[ "]*[=+\-@\t\r])/g;
/** What RFC 4180 says to quote, and `;` and tab so a `;`- or tab-locale keeps the cell whole. */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV Injection": `= + - @`, tab, carriage
 * return) gets a `'` before it wherever a cell may begin, so `x;=HYPERLINK(…)` stays text even
 * when a `;`-locale spreadsheet splits it in two. Numbers, booleans and dates are ours, not text.
 */
export function neutraliseFormulas(text: string): string {
  return text.replace(CELL_START, "'");
}

/** One RFC 4180 field: formula-like text neutralised, quoted when it holds a delimiter. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string' && typeof value !== 'object') return String(value);
  if (value instanceof Date) return value.toISOString();
  const text = neutraliseFormulas(typeof value === 'string' ? value : JSON.stringify(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(row: CsvRow): string {
  return `${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`;
}

/** An entry line carries every column (the hashed fields and the chain's), as stored. */
export function jsonlEntry(row: AuditRow): string {
  return `${JSON.stringify({ type: 'entry', ...row })}\n`;
}

export function jsonlCheckpoint(checkpoint: AuditCheckpoint): string {
  return `${JSON.stringify({ type: 'checkpoint', ...checkpoint })}\n`;
}
