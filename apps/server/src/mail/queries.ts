import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/client.js';
import { outboxEmails } from '../db/schema/index.js';

export type OutboxRow = typeof outboxEmails.$inferSelect;

/**
 * Claims up to `limit` due pending rows for one worker: `FOR UPDATE SKIP LOCKED`, so workers on
 * other instances take other rows, and the claim's lease is `next_attempt_at` moved to
 * `leaseEndsAt` — a worker that dies mid-send leaves a row that is due again when the lease ends.
 * Uses outbox_emails_due_idx.
 */
export async function claimDueMail(
  db: Database,
  claim: { claimId: string; now: Date; leaseEndsAt: Date; limit: number },
): Promise<OutboxRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outboxEmails.id })
      .from(outboxEmails)
      .where(and(eq(outboxEmails.status, 'pending'), lte(outboxEmails.nextAttemptAt, claim.now)))
      .orderBy(asc(outboxEmails.nextAttemptAt))
      .limit(claim.limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outboxEmails)
      .set({ claimId: claim.claimId, nextAttemptAt: claim.leaseEndsAt })
      .where(
        inArray(
          outboxEmails.id,
          due.map((row) => row.id),
        ),
      )
      .returning();
  });
}

/** The SMTP server took the message: sent, if this worker's claim still holds. */
export async function markSent(
  db: Executor,
  row: { id: string; claimId: string },
  now: Date,
): Promise<boolean> {
  const updated = await db
    .update(outboxEmails)
    .set({ status: 'sent', sentAt: now, claimId: null, lastError: null })
    .where(and(eq(outboxEmails.id, row.id), eq(outboxEmails.claimId, row.claimId)))
    .returning({ id: outboxEmails.id });
  return updated.length === 1;
}

/** A failed attempt: counted, its error kept, and due again at `nextAttemptAt` (or given up). */
export async function markAttemptFailed(
  db: Executor,
  row: { id: string; claimId: string },
  outcome: { error: string; nextAttemptAt: Date; giveUp: boolean },
): Promise<void> {
  await db
    .update(outboxEmails)
    .set({
      attempts: sql`${outboxEmails.attempts} + 1`,
      lastError: outcome.error,
      nextAttemptAt: outcome.nextAttemptAt,
      claimId: null,
      status: outcome.giveUp ? 'failed' : 'pending',
    })
    .where(and(eq(outboxEmails.id, row.id), eq(outboxEmails.claimId, row.claimId)));
}

/** The newest messages, for the dev mailbox. */
export async function recentMail(db: Executor, limit: number): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outboxEmails)
    .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
    .limit(limit);
}
