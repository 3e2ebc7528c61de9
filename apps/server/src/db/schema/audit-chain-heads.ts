import { bigint, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per org with a chain: the row whose lock serialises the org's appends (decision 026),
 * and what the last append left — the head (seq, hash, digest) and the newest checkpoint — so
 * the append reads it with the lock in one statement. A copy only: the append checks it against
 * audit_logs and audit_checkpoints in the statement that writes, and reads those when it differs.
 */
export const auditChainHeads = pgTable('audit_chain_heads', {
  orgId: uuid('org_id').primaryKey(),
  /** Null until the first append through this row (then read from audit_logs). */
  seq: bigint('seq', { mode: 'number' }),
  hash: text('hash'),
  digest: text('digest'),
  checkpointSeq: bigint('checkpoint_seq', { mode: 'number' }),
  checkpointSignedAt: timestamp('checkpoint_signed_at', { withTimezone: true }),
});
