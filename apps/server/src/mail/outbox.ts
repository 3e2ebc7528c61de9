import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/client.js';
import { outboxEmails } from '../db/schema/index.js';
import type { RenderedMail } from './render.js';

export interface OutgoingMail extends RenderedMail {
  kind: string;
  to: string;
}

/**
 * Queues a message in the caller's transaction: it exists exactly when the event that caused it
 * committed, and the worker sends it (with retries) whatever happens to this request.
 */
export async function enqueueMail(db: Executor, mail: OutgoingMail, now: Date): Promise<void> {
  await db.insert(outboxEmails).values({
    ...mail,
    messageId: `<${randomUUID()}@gatehouse>`,
    nextAttemptAt: now,
    createdAt: now,
  });
}
