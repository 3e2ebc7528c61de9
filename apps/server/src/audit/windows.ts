import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '@gatehouse/shared';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client.js';
import { auditWindows } from '../db/schema/index.js';
import { type AuditRowInput, appendAuditRows } from './chain.js';
import type { AuditChainConfig } from './checkpoints.js';

/** Refusals of one key are recorded once per this aligned period, plus a summary (decision 013). */
export const REFUSAL_WINDOW_MS = 15 * 60 * 1000;
/** Ended windows summarised per sweep statement. */
const SUMMARY_BATCH = 500;

const nullableText = z.string().nullable();
/** The first refusal's row as `audit_windows.first_row` keeps it (our own JSON, checked anyway). */
const storedRowSchema = z.object({
  orgId: nullableText,
  action: z.enum(AUDIT_ACTIONS),
  outcome: z.enum(AUDIT_OUTCOMES),
  actorUserId: nullableText,
  realUserId: nullableText,
  actorTokenId: nullableText.optional(),
  isImpersonating: z.boolean(),
  targetType: nullableText,
  targetId: nullableText,
  ip: nullableText,
  userAgent: nullableText,
  country: nullableText,
  city: nullableText,
  failureReason: nullableText,
  before: z.unknown(),
  after: z.unknown(),
  metadata: z.unknown(),
});

type Window = { count: number; startedAt: Date; endsAt: Date };

/** The row with its window described in `metadata.window`. */
function withWindow(row: AuditRowInput, window: Window, summary: boolean): AuditRowInput {
  const metadata = typeof row.metadata === 'object' && row.metadata !== null ? row.metadata : {};
  return {
    ...row,
    metadata: {
      ...metadata,
      window: {
        count: window.count,
        summary,
        startedAt: window.startedAt.toISOString(),
        endsAt: window.endsAt.toISOString(),
      },
    },
  };
}

/** The summary rows of ended windows that counted more than their first refusal. */
function summaries(ended: readonly (typeof auditWindows.$inferSelect)[]): AuditRowInput[] {
  return ended.flatMap((window) => {
    if (window.count <= 1) return [];
    const stored = storedRowSchema.safeParse(window.firstRow);
    return stored.success ? [withWindow(stored.data, window, true)] : [];
  });
}

/**
 * Records a refused request in the caller's transaction: the first refusal of `baseKey` in the
 * current window is appended to the audit log, later ones only add to the window's count. The
 * first refusal of a new window also writes the summary of the key's ended windows, so a
 * steady flood gives two rows per window whatever its size.
 */
export async function recordRefusal(
  db: Executor,
  row: AuditRowInput,
  baseKey: string,
  now: Date,
  chain: AuditChainConfig,
): Promise<void> {
  const start = Math.floor(now.getTime() / REFUSAL_WINDOW_MS) * REFUSAL_WINDOW_MS;
  const startedAt = new Date(start);
  const endsAt = new Date(start + REFUSAL_WINDOW_MS);
  const [counted] = await db
    .insert(auditWindows)
    .values({ key: `${baseKey}|${start}`, baseKey, count: 1, startedAt, endsAt, firstRow: row })
    .onConflictDoUpdate({
      target: auditWindows.key,
      set: { count: sql`${auditWindows.count} + 1` },
    })
    .returning({ count: auditWindows.count });
  if (counted?.count !== 1) return;
  const ended = await db
    .delete(auditWindows)
    .where(and(eq(auditWindows.baseKey, baseKey), lte(auditWindows.endsAt, startedAt)))
    .returning();
  const first = withWindow(row, { count: 1, startedAt, endsAt }, false);
  await appendAuditRows(db, [...summaries(ended), first], now, chain);
}

/**
 * The sweeper's part: writes the summary of windows that ended and were not followed by a
 * refusal of the same key, and drops them. Rows are taken with SKIP LOCKED, so instances share.
 */
export function summariseEndedWindows(
  db: Executor,
  now: Date,
  chain: AuditChainConfig,
): Promise<number> {
  // One transaction: a window is never dropped without its summary being written.
  return db.transaction(async (tx) => {
    const due = tx
      .select({ key: auditWindows.key })
      .from(auditWindows)
      .where(lte(auditWindows.endsAt, now))
      .orderBy(asc(auditWindows.endsAt))
      .limit(SUMMARY_BATCH)
      .for('update', { skipLocked: true });
    const ended = await tx.delete(auditWindows).where(inArray(auditWindows.key, due)).returning();
    const rows = summaries(ended);
    if (rows.length > 0) await appendAuditRows(tx, rows, now, chain);
    return ended.length;
  });
}
