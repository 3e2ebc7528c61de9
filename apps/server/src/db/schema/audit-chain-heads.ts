import { bigint, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per org with a chain: the row whose lock serialises the org's appends (decision 026),
 * and what the last append left — the head (seq, hash, digest) and the newest checkpoint. A copy
 * for operators only: the append (`gatehouse_audit_append`, migration 0020) checks its
 * instance's guess against audit_logs and audit_checkpoints under this lock, never against it.
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
