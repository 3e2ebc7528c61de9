import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Mail waiting to be sent, written in the same transaction as the event that causes it (DESIGN
 * §9); a worker on every instance takes rows with `FOR UPDATE SKIP LOCKED`.
 */
export const outboxEmails = pgTable(
  'outbox_emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** What the message is (`password_reset`, `alert_new_device`, …), for the dev mailbox and logs. */
    kind: text('kind').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** The stable `Message-ID` every attempt sends, so a retried message is one message. */
    messageId: text('message_id').notNull().unique(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    /**
     * Set by the worker that claimed the row (its lease is `next_attempt_at`, moved forward);
     * only that claim may mark the row sent or failed (decision 014).
     */
    claimId: uuid('claim_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_emails_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`)],
);
